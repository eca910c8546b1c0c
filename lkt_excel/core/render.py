"""Problems as text for a person (a table) and as data for a program (JSON-ready dicts).

Pure: returns strings and dicts, never prints. The CLI's ``check`` and
``build`` print what these return; ``check --json`` prints :func:`as_json`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from lkt_excel.core.problems import Level, Problem

TITLES = {Level.ERROR: "GALAT", Level.WARNING: "PERINGATAN"}
HEADERS = ("No", "Sel", "Kolom", "Pesan dan perbaikan")
MIN_TEXT_WIDTH = 30
MAX_CELL_WIDTH = 18
MAX_HEADER_WIDTH = 20


FIGURES_MARK = "(Memengaruhi angka) "  # before the message of a warning about a figure


def summary(problems: Sequence[Problem]) -> dict[str, object]:
    """Counts, and the verdict as data: ``valid`` (a report can be built) and ``ready`` (it
    can, and no warning says a figure in it may be wrong: ``figure_warnings`` is 0)."""
    errors = sum(1 for p in problems if p.is_error)
    figures = sum(1 for p in problems if p.affects_figures)
    return {
        "valid": errors == 0,
        "ready": errors == 0 and figures == 0,
        "errors": errors,
        "warnings": len(problems) - errors,
        "figure_warnings": figures,
    }


def as_json(problems: Sequence[Problem]) -> dict[str, object]:
    """What ``check --json`` prints: the summary, then every problem as ``Problem.to_dict``."""
    return {"summary": summary(problems), "problems": [p.to_dict() for p in problems]}


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def table(problems: Sequence[Problem], width: int = 100) -> str:
    """Errors, then warnings, each as a table: number, cell, column header, message and fix."""
    blocks: list[str] = []
    for level in (Level.ERROR, Level.WARNING):
        items = [p for p in problems if p.level is level]
        if not items:
            continue
        cells = [p.cell or "(berkas)" for p in items]
        headers = [p.header or "" for p in items]
        w_no = max(len(HEADERS[0]), len(str(len(items))))
        w_cell = min(MAX_CELL_WIDTH, max(len(HEADERS[1]), *map(len, cells)))
        w_header = min(MAX_HEADER_WIDTH, max(len(HEADERS[2]), *map(len, headers)))
        w_text = max(MIN_TEXT_WIDTH, width - w_no - w_cell - w_header - 6)
        widths = (w_no, w_cell, w_header, w_text)

        def line(columns: Sequence[str], widths=widths) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()

        lines = [f"{TITLES[level]} ({len(items)})", line(HEADERS)]
        lines.append(line(["-" * w for w in widths]))
        for number, (problem, cell, header) in enumerate(
            zip(items, cells, headers, strict=True), start=1
        ):
            left = [
                _wrap(str(number), w_no),
                _wrap(cell, w_cell),
                _wrap(header, w_header),
            ]
            mark = FIGURES_MARK if problem.affects_figures else ""
            text = _wrap(mark + problem.message, w_text)
            if problem.fix:
                text += _wrap("Perbaikan: " + problem.fix, w_text)
            for i in range(max(len(text), *map(len, left))):
                parts = [col[i] if i < len(col) else "" for col in (*left, text)]
                lines.append(line(parts))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def verdict(problems: Sequence[Problem]) -> str:
    """The closing line of ``check``."""
    count = summary(problems)
    if count["errors"]:
        # A whole-file problem (not a spreadsheet, damaged, ...) names no cell.
        in_cells = any(p.is_error and p.sheet for p in problems)
        where = "di sel yang disebut" if in_cells else "seperti disebut di atas"
        return (
            f"Berkas belum bisa dipakai: {count['errors']} galat dan {count['warnings']} "
            f"peringatan. Perbaiki galat {where}, lalu periksa lagi."
        )
    figures, warnings = count["figure_warnings"], count["warnings"]
    if figures:
        others = warnings - figures  # type: ignore[operator]
        return (
            f"Laporan bisa dibuat, tetapi {figures} peringatan memengaruhi angka di laporan "
            f"(ditandai {FIGURES_MARK.strip()} di atas). Periksa dan perbaiki dulu sebelum "
            "laporan ditandatangani." + (f" Ada juga {others} peringatan lain." if others else "")
        )
    if warnings:
        return (
            f"Berkas siap dipakai, dengan {warnings} peringatan yang tidak memengaruhi angka "
            "(lihat di atas; peringatan juga dicatat di lembar Catatan laporan)."
        )
    return "Berkas siap dipakai: tidak ada galat maupun peringatan."


def figures_remark(problems: Sequence[Problem]) -> str:
    """For a built report (``proses``' ringkasan.xlsx): the warnings about figures, or ""."""
    figures = sum(1 for p in problems if p.affects_figures)
    if not figures:
        return ""
    return (
        f"{figures} peringatan memengaruhi angka di laporan: periksa lembar Catatan dan "
        "perbaiki dulu sebelum laporan ditandatangani."
    )
