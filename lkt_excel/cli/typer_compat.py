"""Every use of typer's internals, in one place: what to re-check when typer changes.

Making typer speak Indonesian and convert values without pydantic needs six
things typer does not document:

1. the module constants of ``typer.rich_utils``: the words around its help and
   error panels ("Options", "Usage", "Try ... for help");
2. ``display_type_rich``: the method that prints an argument's type in English;
3. the exception classes of typer's own copy of click (``typer._click``);
4. ``NoArgsIsHelpError``: the help shown for a bare ``lkt-excel``, which is a
   usage error to click but not to the user;
5. ``type_descriptor``: a parameter's annotation and the ``typer.Option`` or
   ``typer.Argument`` it was declared with;
6. ``_runtime_param``: the slot where typer keeps a parameter's converter until
   its first value (typer fills it with a pydantic adapter).

``pyproject.toml`` pins typer to the releases these are tested against; the
tests fail (not skip) when one of them goes. This module imports nothing of
lkt-excel: the modules that make the sentences and convert the values build on it.
"""

from __future__ import annotations

from typing import Any

from typer._click import exceptions as _click_errors

UsageError = _click_errors.UsageError
BadParameter = _click_errors.BadParameter
MissingParameter = _click_errors.MissingParameter
NoSuchOption = _click_errors.NoSuchOption
BadOptionUsage = _click_errors.BadOptionUsage


def use_rich_words(words: dict[str, str]) -> None:
    """Replace typer.rich_utils' English frame words; called as help or an error is shown.

    typer.rich_utils imports rich, so it is imported here, not at start-up.
    """
    from typer import rich_utils

    for name, text in words.items():
        setattr(rich_utils, name, text)


def hide_argument_type(param: Any) -> None:
    """No English type ("<path>") beside an argument's Indonesian name in the help."""
    param.display_type_rich = _no_type


def _no_type(ctx: Any) -> None:
    return None


def is_usage_error(exc: BaseException) -> bool:
    """A wrong command line (exit code 2), but not the help shown for a bare ``lkt-excel``."""
    return isinstance(exc, UsageError) and not isinstance(exc, _click_errors.NoArgsIsHelpError)


def annotation(param: Any) -> Any:
    """The Python type a parameter was annotated with; None for click's own ``--help``."""
    descriptor = getattr(param, "type_descriptor", None)  # typer's parameters have one
    return None if descriptor is None else descriptor.annotation


def declared_with(param: Any) -> Any:
    """The ``typer.Option``/``typer.Argument`` info a parameter was declared with, or None."""
    descriptor = getattr(param, "type_descriptor", None)
    return None if descriptor is None else descriptor.parameter_info


def bounds(param: Any) -> tuple[Any, Any]:
    """A number parameter's ``min`` and ``max`` (None where unbounded)."""
    return getattr(param, "min", None), getattr(param, "max", None)


def converter_slot_is_empty(param: Any) -> bool:
    """Whether typer has yet to build this parameter's converter (click's ``--help`` has none)."""
    return getattr(param, "_runtime_param", False) is None


def fill_converter_slot(param: Any, converter: Any) -> None:
    """Have typer convert this parameter's values with ``converter.coerce``."""
    param._runtime_param = converter
