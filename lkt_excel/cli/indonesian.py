"""typer's command and group classes, speaking Indonesian.

Typer's help and usage errors are rendered by typer.rich_utils from module
constants, plus a few strings that click sets on the command (usage prefix,
metavars, the --help option's text). The classes here replace them at the
moment help or an error is shown, so typer.rich_utils (and rich) is still
imported only then, and start-up costs nothing extra. A wrong command line gets
an Indonesian sentence from :mod:`lkt_excel.cli.words`, and every value is
converted by :mod:`lkt_excel.cli.values`, without pydantic.
"""

from __future__ import annotations

import typer
from typer.core import TyperCommand, TyperGroup

from lkt_excel.cli import typer_compat
from lkt_excel.cli.values import install

HELP_OPTION_TEXT = "Tampilkan bantuan ini lalu keluar."
USAGE_PREFIX = "Cara pakai: "
OPTIONS_METAVAR = "[OPSI]"
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "REQUIRED_LONG_STRING": "[wajib]",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "DEPRECATED_STRING": "(usang) ",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
}


def _indonesian_rich_words() -> None:
    typer_compat.use_rich_words(RICH_WORDS)


class _Indonesian:
    """Mixin for typer's command and group classes: Indonesian help and usage."""

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def get_params(self, ctx):
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""  # a flag takes no value: no "<bool>" beside it
            if param.param_type_name == "argument":
                typer_compat.hide_argument_type(param)  # the help text says what it is
        return params

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def format_help(self, ctx, formatter) -> None:
        _indonesian_rich_words()  # rich_utils is imported here anyway, to render the help
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[misc]
        except Exception:  # a usage error (or --help's exit): typer renders it next
            _indonesian_rich_words()
            raise

    def parse_args(self, ctx, args):
        install(self.get_params(ctx))  # values converted without importing pydantic
        # click's usage errors carry English sentences: each is replaced by an
        # Indonesian one. Extra words are let through click and refused here, so
        # the message can name them. lkt_excel.cli.words is imported only for a
        # wrong command line, so that help and every command start without it.
        refuse_extra = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)  # type: ignore[misc]
        except Exception as exc:
            if typer_compat.is_usage_error(exc):
                from lkt_excel.cli.words import in_indonesian

                raise in_indonesian(exc, ctx) from None
            raise
        finally:
            ctx.allow_extra_args = not refuse_extra
        if refuse_extra and ctx.args and not ctx.resilient_parsing:
            from lkt_excel.cli.words import extra_arguments

            raise extra_arguments(ctx.args, ctx)
        return rest


class IndonesianGroup(_Indonesian, TyperGroup):
    def resolve_command(self, ctx, args):
        try:
            return super().resolve_command(ctx, args)
        except Exception as exc:  # an unknown command: typer renders the usage error next
            _indonesian_rich_words()
            if typer_compat.is_usage_error(exc):
                from lkt_excel.cli.words import unknown_command

                raise unknown_command(exc, args[0] if args else None, ctx) from None
            raise


class IndonesianCommand(_Indonesian, TyperCommand):
    pass


class IndonesianTyper(typer.Typer):
    """A Typer whose every command, also those added later, speaks Indonesian."""

    def command(self, *args, **kwargs):
        kwargs.setdefault("cls", IndonesianCommand)
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        return super().command(*args, **kwargs)
