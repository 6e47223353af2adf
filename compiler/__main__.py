"""`python -m compiler` runs the same CLI as the `ficbind` command."""

from compiler.cli import main

main()
