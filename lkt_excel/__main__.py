from lkt_excel.cli.launch import launch  # the CLI, after the hidden modes (cli/launch.py)

launch()
