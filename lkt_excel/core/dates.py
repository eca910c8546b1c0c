"""Dates and times written the Indonesian way, whatever the machine's locale.

One source for the month names: the signature's ``Tanggal`` (a date cell
becomes ``10 Januari 2022``) and the times the folder workflow prints
(``27 November 2026 pukul 23.05``, the Indonesian hour separator). Pure: no I/O.
"""

from __future__ import annotations

from datetime import date, datetime

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def format_date_id(value: date) -> str:
    """``10 Januari 2022``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_time_id(moment: datetime) -> str:
    """``27 November 2026 pukul 23.05``."""
    return f"{format_date_id(moment)} pukul {moment.hour:02d}.{moment.minute:02d}"


__all__ = ["MONTHS", "format_date_id", "format_time_id"]
