"""The frozen application's entry point (the PyInstaller script): ``python -m lkt_excel``.

:func:`lkt_excel.cli.launch.launch` answers the hidden reader mode and the
multiprocessing workers before anything else, then runs the CLI.
"""

from lkt_excel.cli.launch import launch

launch()
