"""The command line ``lkt-excel``, in Indonesian.

:mod:`~lkt_excel.cli.app` holds the typer app and its commands;
:mod:`~lkt_excel.cli.console` what they print; :mod:`~lkt_excel.cli.indonesian`
typer's classes speaking Indonesian, with the sentences of
:mod:`~lkt_excel.cli.words` and the value conversion of
:mod:`~lkt_excel.cli.values`; :mod:`~lkt_excel.cli.typer_compat` every use of
typer's internals.
"""
