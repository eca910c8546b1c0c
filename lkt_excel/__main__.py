"""``python -m lkt_excel``: the command line, as the ``lkt-excel`` script runs it."""

from lkt_excel.cli.app import main

main()
