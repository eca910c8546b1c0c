"""The validator: the cells of an input workbook -> a :class:`Report`, with every problem.

:func:`validate` (in :mod:`.workbook`) runs the checks of each sheet in order:
:mod:`.laporan` (settings, print options, signature), :mod:`.kategori`,
:mod:`.indikator`, :mod:`.data`. They are built on :mod:`.cells` (reading one
cell) and :mod:`.tables` (finding a sheet and its header row).
"""

from lkt_excel.validate.workbook import validate

__all__ = ["validate"]
