"""``python -m lkt_excel``: the command line, as the ``lkt-excel`` script runs it."""

from lkt_excel.cli.launch import launch  # the CLI, after the hidden modes (cli/launch.py)

launch()
