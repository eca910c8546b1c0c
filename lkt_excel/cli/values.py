"""Command-line values converted without pydantic.

Recent typer releases convert every parameter value through a pydantic
TypeAdapter, built on the first value a parameter receives, and importing
pydantic costs about as much as importing typer itself: 0.1-0.2 s on every
command, more than reading a small workbook. lkt-excel's parameters are paths,
whole numbers, decimal numbers, text and flags, so they are converted here by the
rules typer applies to such values (``min``/``max`` included), with two
differences: an empty path is refused (typer would take it as the current
folder), and whether a path can be read is left to the command, which says so
in Indonesian. A wrong value raises typer's own ``BadParameter``, which
:mod:`lkt_excel.cli.words` turns into an Indonesian sentence like any other.

typer keeps the converter of each parameter in a slot until its first value;
:func:`install` fills that slot (through :mod:`lkt_excel.cli.typer_compat`) for
the parameters it can convert. A parameter with any option this module does not
handle keeps typer's own conversion.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import typer

from lkt_excel.cli import typer_compat

# Path options whose non-default values need typer's own checks.
_PATH_DEFAULTS = {
    "exists": False,
    "file_okay": True,
    "dir_okay": True,
    "writable": False,
    "readable": True,
    "resolve_path": False,
    "allow_dash": False,
    "path_type": None,
}
_SHARED_DEFAULTS = {"parser": None, "click_type": None}


def _plain(annotation: Any) -> Any:
    """``Optional[X]`` (or ``X | None``) as ``X``; anything else as it is."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


class PlainValue:
    """Converts one parameter's text to a Path, int, float or str, as typer would; a
    flag is already a bool (or None while ``--help`` is absent)."""

    def __init__(self, kind: type, info: Any):
        self.kind = kind
        self.min = getattr(info, "min", None)
        self.max = getattr(info, "max", None)

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None or isinstance(value, self.kind) or self.kind is bool:
            return value  # absent, a default, or a flag (click gives it True or False)
        if self.kind is Path and not str(value).strip():
            raise typer.BadParameter("empty path", ctx=ctx, param=param)
        try:
            converted = self.kind(value)
        except (TypeError, ValueError):
            raise typer.BadParameter(
                f"{value!r} is not a valid {self.kind.__name__}.", ctx=ctx, param=param
            ) from None
        if (self.min is not None and converted < self.min) or (
            self.max is not None and converted > self.max
        ):
            raise typer.BadParameter(f"{value!r} is out of range.", ctx=ctx, param=param)
        return converted


def converter(param: Any) -> PlainValue | None:
    """A converter for ``param``, or None when typer's own must stay."""
    info = typer_compat.declared_with(param)
    if info is None or param.nargs != 1 or param.multiple:
        return None
    kind = _plain(typer_compat.annotation(param))
    if kind not in (Path, int, float, bool, str):
        return None
    checks = {**_SHARED_DEFAULTS, **(_PATH_DEFAULTS if kind is Path else {})}
    if kind in (int, float):
        checks["clamp"] = False
    if any(getattr(info, name, default) != default for name, default in checks.items()):
        return None
    return PlainValue(kind, info)


def install(params: Any) -> None:
    """Give each parameter that typer would convert with pydantic our converter."""
    for param in params:
        if typer_compat.converter_slot_is_empty(param):
            plain = converter(param)
            if plain is not None:
                typer_compat.fill_converter_slot(param, plain)
