"""`python -m claimbook.cli`: the same as the `claimbook` command."""

from claimbook.cli.app import main

main()
