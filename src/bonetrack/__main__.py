from bonetrack.cli.app import main

main()
