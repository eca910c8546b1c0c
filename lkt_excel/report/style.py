"""The house style of every workbook lkt-excel writes: font and header colour.

One source for the report (``formats.py``), the input template and the folder
summary. Plain constants: importing this module loads nothing else.
"""

from __future__ import annotations

FONT = "Arial"
FONT_SIZE = 10  # body text and table cells
TITLE_SIZE = 12  # sheet titles
HEADER_FILL = "#D9E1F2"  # background of table header cells
