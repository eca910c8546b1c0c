"""lkt-excel: the Laporan Kinerja Triwulan (SAKIP) from an office's spreadsheet of counts.

The library API lives in :mod:`lkt_excel.api`; this package module stays light
so that importing it (and the CLI's ``--help``) does not load the Excel libraries.
"""

__version__ = "0.1.0"
