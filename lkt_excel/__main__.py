from lkt_excel.cli.app import main

main()
