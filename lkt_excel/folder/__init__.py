"""The folder workflow: build a report for every spreadsheet in a folder.

This is how an office uses the tool: the units' spreadsheets land in a folder,
one command builds every report into ``hasil``, and a summary says what is
missing. Nothing here prints; progress goes to callbacks the caller gives.
Inputs are only ever read.

- :mod:`~lkt_excel.folder.discovery`: which files are inputs, and the names of
  what a run writes (reports, ``GAGAL <input name>.txt``, staging files).
- :mod:`~lkt_excel.folder.pool`: the worker processes, one build each, that
  a file killing its reader cannot take the others down with.
- :mod:`~lkt_excel.folder.manifest`: what was built from which input, so an
  unchanged input is skipped; failures are always retried.
- :mod:`~lkt_excel.folder.batch`: one run (:func:`process_folder`), and the
  reports no input stands behind any more moved into ``usang``.
- :mod:`~lkt_excel.folder.results`: each input's row, and inputs whose reports
  are for the same agency, region, year and quarter (both keep their reports,
  but the result, the manifest and ``ringkasan.xlsx`` name them).
- :mod:`~lkt_excel.folder.summary`: ``ringkasan.xlsx`` and the error reports.
- :mod:`~lkt_excel.folder.watch`: ``--pantau`` (:func:`watch_folder`).
- :mod:`~lkt_excel.folder.lock`: one run per output folder, and what dead runs left.
- :mod:`~lkt_excel.folder.integrity`: whether a recorded report is still what was
  written, and whether the input folder can be told from one that dropped out.
- :mod:`~lkt_excel.folder.quarter`: the coordinator's quarter after a run: the
  period checked (:mod:`~lkt_excel.folder.period`), ``rekap.xlsx``
  (:mod:`~lkt_excel.folder.rekap`, from the records of
  :mod:`~lkt_excel.folder.recap_data`), the PDFs, and every notice.
- :mod:`~lkt_excel.folder.limits`: what the command line checks before loading
  any of the above.

The entry points are loaded on first use, so importing ``limits`` (as the
command line does at start-up) loads nothing else.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lkt_excel.folder.batch import process_folder
    from lkt_excel.folder.results import retired_message
    from lkt_excel.folder.watch import watch_folder

__all__ = ["process_folder", "retired_message", "watch_folder"]

_HOMES = {
    "process_folder": "lkt_excel.folder.batch",
    "retired_message": "lkt_excel.folder.results",
    "watch_folder": "lkt_excel.folder.watch",
}


def __getattr__(name: str) -> Any:
    """An entry point, its module imported now (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
