"""A wrong command line, said in Indonesian: what is wrong and how to write it instead.

click (inside typer) refuses a wrong command line with an English usage error.
:mod:`lkt_excel.cli.indonesian` hands each one to :func:`in_indonesian`, which returns a
usage error with an Indonesian sentence in its place (exit code 2, as click's).
The sentence is made from the error's class and attributes (the parameter, the
option the user typed, click's suggestions) and the command's own help texts,
never from click's English words.

The CLI imports this module only when a command line is wrong, so ``--help``
costs nothing more.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lkt_excel.cli import typer_compat
from lkt_excel.cli.typer_compat import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)

QUOTE_HINT = (
    "Nama berkas atau folder yang berisi spasi harus diapit tanda kutip, "
    'misalnya "Laporan TW IV.xlsx".'
)


class WrongCommandLine(UsageError):
    """A usage error whose message is already Indonesian; typer shows it as it is."""


def in_indonesian(exc: Exception, ctx: Any) -> Exception:
    """The Indonesian usage error for ``exc``, raised while reading ``ctx``'s command line.

    ``exc`` itself when it is no click usage error, or already Indonesian.
    """
    if not isinstance(exc, UsageError) or isinstance(exc, WrongCommandLine):
        return exc
    param = getattr(exc, "param", None)
    if isinstance(exc, MissingParameter) and param is not None:
        sentence = _missing(param, ctx)
    elif isinstance(exc, BadParameter) and param is not None:
        sentence = _bad_value(param)
    elif isinstance(exc, NoSuchOption):
        sentence = _unknown_option(exc.option_name, exc.possibilities, ctx)
    elif isinstance(exc, BadOptionUsage):
        sentence = _option_usage(exc.option_name, ctx)
    else:
        sentence = f"Baris perintah ini tidak dapat dibaca. {_see_help(ctx)}"
    return WrongCommandLine(sentence, ctx)


def extra_arguments(extra: list[str], ctx: Any) -> Exception:
    """More words on the command line than the command takes: often a name with spaces."""
    shown = ", ".join(f"'{word}'" for word in extra)
    wanted = [_name(p) for p in ctx.command.get_params(ctx) if _is_argument(p)]
    takes = f"hanya menerima {' '.join(wanted)}" if wanted else "tidak menerima argumen, hanya opsi"
    return WrongCommandLine(
        f"Argumen berlebih: {shown}. Perintah {ctx.info_name} {takes}. {QUOTE_HINT}", ctx
    )


def unknown_command(exc: Exception, name: str | None, ctx: Any) -> Exception:
    """The Indonesian error for a command name the group does not have.

    typer's copy of click says so with a plain UsageError; anything else goes to
    :func:`in_indonesian`.
    """
    if type(exc) is not UsageError:
        return in_indonesian(exc, ctx)
    group = ctx.command
    names = [
        command
        for command in group.list_commands(ctx)
        if not getattr(group.get_command(ctx, command), "hidden", False)
    ]
    sentence = f"Perintah '{name}' tidak dikenal."
    close = difflib.get_close_matches(name or "", names)
    if close:
        sentence += f" Maksud Anda {' atau '.join(close)}?"
    sentence += f" Perintah yang ada: {', '.join(names)}."
    return WrongCommandLine(sentence, ctx)


# --- the sentences -----------------------------------------------------------


def _missing(param: Any, ctx: Any) -> str:
    if _is_argument(param):
        sentence = f"Argumen {_name(param)} belum diisi: sebutkan {_about(param)}."
        example = _command_example(ctx)
        return f"{sentence} Contoh: {example}" if example else f"{sentence} {_see_help(ctx)}"
    return f"Opsi {_name(param)} wajib diisi: {_how_to_give(param, _name(param))}"


def _bad_value(param: Any) -> str:
    which = f"argumen {_name(param)}" if _is_argument(param) else f"opsi {_name(param)}"
    value = _example_value(param)
    example = f", misalnya {_name(param)} {value}" if value and not _is_argument(param) else ""
    return f"Nilai {which} tidak sah: harus {_kind(param)}{example}."


def _unknown_option(option: str, possibilities: Any, ctx: Any) -> str:
    where = "" if ctx.parent is None else f" oleh perintah {ctx.info_name}"
    sentence = f"Opsi {option} tidak dikenal{where}."
    if possibilities:
        sentence += f" Maksud Anda {' atau '.join(sorted(possibilities))}?"
    options = [_name(p) for p in ctx.command.get_params(ctx) if _is_shown_option(p)]
    return f"{sentence} Opsi yang ada: {', '.join(options)}."


def _option_usage(option: str, ctx: Any) -> str:
    param = _option_named(option, ctx)
    if param is None:
        return f"Opsi {option} tidak dapat dipakai seperti itu. {_see_help(ctx)}"
    if getattr(param, "is_flag", False):
        return f"Opsi {option} tidak menerima nilai: tulis {option} saja."
    return f"Opsi {option} perlu nilai: {_how_to_give(param, option)}"


def _how_to_give(param: Any, option: str) -> str:
    """How to give an option its value: 'tulis nilainya sesudah -j, yaitu ..., misalnya -j 2.'"""
    value = _example_value(param)
    example = f", misalnya {option} {value}" if value else ""
    return f"tulis nilainya sesudah {option}, yaitu {_about(param)}{example}."


def _see_help(ctx: Any) -> str:
    return f"Lihat cara pakainya dengan: {ctx.command_path} --help"


# --- what the parameters are -------------------------------------------------


def _is_argument(param: Any) -> bool:
    return param.param_type_name == "argument"


def _is_shown_option(param: Any) -> bool:
    return param.param_type_name == "option" and not getattr(param, "hidden", False)


def _name(param: Any) -> str:
    """How the help names a parameter: an argument by its metavar, an option by its long name."""
    if _is_argument(param):
        return param.metavar or param.name.upper()
    return max(param.opts, key=len)


def _option_named(option: str, ctx: Any) -> Any:
    params = ctx.command.get_params(ctx)
    return next((p for p in params if option in (*p.opts, *p.secondary_opts)), None)


def _about(param: Any) -> str:
    """The first sentence of the parameter's (Indonesian) help, to go inside a sentence."""
    about = (getattr(param, "help", None) or "").split(". ")[0].strip().rstrip(".")
    if not about:
        return _kind(param)
    if len(about) > 1 and about[1].islower():  # "Berkas masukan" -> "berkas masukan", not "PDF"
        about = about[0].lower() + about[1:]
    return about


def _command_example(ctx: Any) -> str | None:
    """The command's own example: the "Contoh:" line of its help."""
    for line in (ctx.command.help or "").splitlines():
        if line.strip().startswith("Contoh:"):
            return line.strip().removeprefix("Contoh:").strip()
    return None


def _value_type(param: Any) -> tuple[Any, Any, Any]:
    """The Python type a parameter takes, and its lowest and highest value."""
    return (typer_compat.annotation(param), *typer_compat.bounds(param))


def _choices(param: Any) -> list[str] | None:
    """The values a choice parameter takes: the members of its Enum annotation."""
    kind = typer_compat.annotation(param)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [str(member.value) for member in kind]
    return None


def _must_exist(param: Any) -> bool:
    """Whether a path parameter is checked to exist (``exists=True``)."""
    return bool(getattr(typer_compat.declared_with(param), "exists", False))


def _kind(param: Any) -> str:
    """What a value must be, in words: "bilangan bulat 1 atau lebih"."""
    kind, low, high = _value_type(param)
    choices = _choices(param)
    if choices:
        return "salah satu dari: " + ", ".join(choices)
    if isinstance(kind, type) and issubclass(kind, Path):
        return "nama berkas atau folder" + (" yang sudah ada" if _must_exist(param) else "")
    if kind is int or kind is float:
        words = "bilangan bulat" if kind is int else "bilangan"
        if low is not None and high is not None:
            words += f" dari {_number(low)} sampai {_number(high)}"
        elif low is not None:
            words += f" {_number(low)} atau lebih"
        elif high is not None:
            words += f" paling besar {_number(high)}"
        return words + ("" if kind is int else " (pecahan ditulis dengan titik)")
    return "nilai yang sesuai (lihat bantuan perintah ini)"


def _example_value(param: Any) -> str | None:
    """A value to show in "misalnya --jobs 2": within the bounds, as the command line takes it."""
    kind, low, high = _value_type(param)
    choices = _choices(param)
    if choices:
        return choices[0]
    if kind is int or kind is float:
        value = 2 if kind is int else 2.5
        value = max(value, low) if low is not None else value
        value = min(value, high) if high is not None else value
        return str(value)
    return None


def _number(value: Any) -> str:
    from lkt_excel.core.numbers import format_id

    return format_id(Decimal(str(value)))
