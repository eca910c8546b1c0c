"""lkt-excel: the Laporan Kinerja Triwulan (SAKIP) from an office's spreadsheet of counts.

The library API is :mod:`lkt_excel.api`; its four functions are also here::

    from lkt_excel import build, check, load, template

They are loaded on first use, so that importing this package (and the CLI's
``--help``) loads no other module of it, nor the Excel libraries.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lkt_excel.api import build, check, load, template

__version__ = "0.1.0"
__all__ = ["__version__", "build", "check", "load", "template"]

_FROM_API = ("build", "check", "load", "template")


def __getattr__(name: str) -> Any:
    """``build``, ``check``, ``load`` and ``template`` of :mod:`lkt_excel.api`, on first use."""
    if name not in _FROM_API:
        raise AttributeError(f"module 'lkt_excel' has no attribute {name!r}")
    from lkt_excel import api  # on first use: importing the package stays light

    value = getattr(api, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM_API})
