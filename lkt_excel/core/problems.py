"""One record for everything wrong or suspicious in an input workbook.

The reader and the validator return lists of :class:`Problem`; the library API
raises :class:`InputError` carrying the list; the CLI renders it. Messages and
fixes are in Indonesian because office staff read them; codes are stable
kebab-case identifiers for programs (``check --json``), each declared once in
:mod:`lkt_excel.core.catalogue` with its level; :func:`error` and :func:`warning`
refuse any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lkt_excel.core.catalogue import CODES, Code, Level
from lkt_excel.core.model import Where

__all__ = [
    "InputError",
    "Level",
    "OutputError",
    "Problem",
    "column_letter",
    "declared",
    "error",
    "has_errors",
    "listed",
    "warning",
]


def listed(words: Sequence[str]) -> str:
    """Words as an Indonesian list: ``a, b dan c``."""
    return ", ".join(words[:-1]) + " dan " + words[-1] if len(words) > 1 else "".join(words)


def column_letter(index: int) -> str:
    """Excel column letter for a 1-based column index (1 -> A, 27 -> AA)."""
    if index < 1:
        raise ValueError(f"column index must be >= 1, got {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, init=False)
class Problem:
    """One problem: what is wrong, how to fix it, and where (None: the file as a whole).

    Built with either ``where=`` or the parts of a place (``sheet=``, ``row=``,
    ``column=``, ``header=``); both are read back as attributes.
    """

    code: str
    level: Level
    message: str
    fix: str = ""
    where: Where | None = None

    def __init__(
        self,
        code: str,
        level: Level,
        message: str,
        fix: str = "",
        sheet: str | None = None,
        row: int | None = None,  # Excel row, 1-based
        column: str | None = None,  # Excel column letter
        header: str | None = None,
        *,
        where: Where | None = None,
    ):
        parts = (sheet, row, column, header)
        if where is not None and parts != (None, None, None, None):
            raise TypeError("give either where= or sheet=/row=/column=/header=, not both")
        if where is None and parts != (None, None, None, None):
            if sheet is None:
                raise TypeError("a problem's row, column or header needs its sheet")
            where = Where(sheet, row, column, header)
        for name, value in (
            ("code", code),
            ("level", level),
            ("message", message),
            ("fix", fix),
            ("where", where),
        ):
            object.__setattr__(self, name, value)

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR

    @property
    def affects_figures(self) -> bool:
        """A warning that a figure in the report may be wrong (its code's ``figures``)."""
        entry = CODES.get(self.code)
        return not self.is_error and entry is not None and entry.figures

    @property
    def sheet(self) -> str | None:
        return self.where.sheet if self.where else None

    @property
    def row(self) -> int | None:
        return self.where.row if self.where else None

    @property
    def column(self) -> str | None:
        return self.where.column if self.where else None

    @property
    def header(self) -> str | None:
        return self.where.header if self.where else None

    @property
    def cell(self) -> str:
        """Where to look, as a person types it in Excel: ``Data!D7``, ``Data!7``, ``Data``."""
        return self.where.cell if self.where else ""

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "level": self.level.value,
            "message": self.message,
            "fix": self.fix,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "cell": self.cell,
        }


def declared(code: Code | str, level: Level) -> str:
    """``code`` as a plain string, once the catalogue says it exists at ``level``.

    Raises :class:`ValueError` for a code the catalogue lacks or gives another level.
    """
    entry = CODES.get(code)
    if entry is None:
        raise ValueError(
            f"problem code {str(code)!r} is not in lkt_excel.core.catalogue; declare it there"
        )
    if entry.level is not level:
        raise ValueError(
            f"problem code {str(code)!r} is declared as {entry.level.name.lower()}, "
            f"not {level.name.lower()}"
        )
    return str(entry)


def error(code: Code | str, message: str, fix: str = "", **where: object) -> Problem:
    """An error, at ``where=Where(...)`` or at ``sheet=``, ``row=``, ``column=``, ``header=``."""
    return Problem(declared(code, Level.ERROR), Level.ERROR, message, fix, **where)  # type: ignore[arg-type]


def warning(code: Code | str, message: str, fix: str = "", **where: object) -> Problem:
    """A warning; ``where`` as for :func:`error`."""
    return Problem(declared(code, Level.WARNING), Level.WARNING, message, fix, **where)  # type: ignore[arg-type]


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


class InputError(Exception):
    """The input cannot be turned into a report; ``problems`` says why and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.is_error]
        first = errors[0] if errors else (problems[0] if problems else None)
        summary = f"{len(errors)} galat pada berkas masukan"
        if first is not None:
            summary += f"; yang pertama: {first.cell} {first.message}".rstrip()
        super().__init__(summary)


class OutputError(Exception):
    """The report could not be written; the message (Indonesian) says what to do."""
