"""The input workbook a user fills: its template, blank or with the example's data."""
