"""The report workbook and its PDF.

``writer.write_report`` puts the sheets together: ``lkt_sheet``, ``narasi_sheet``,
``capaian_sheet``, ``grafik_sheet`` and ``catatan_sheet`` write one sheet each
and return what they placed (``geometry.Placed``); ``layout`` makes the book
printable from that. ``geometry`` holds the sheet names, rows and widths,
``formats`` the cell formats, ``style`` the font and header colour, and ``pdf``
the conversions through LibreOffice.
"""
