"""The command line: each command parses its options and delegates to one module.

To find:

* the `claimbook` group, its error handling (one message and an exit code) and `main` -> `app`
* options several commands share: `--data`, `--wait`, the selection (`--start`/`--end`/
  `--period`/`--claimant`/…, turned into one `ReportParams`) and the run options `render` and
  `batch` share (defaults from `params.RunOptions`) -> `options`
* `claims`, `render`, `batch`, `prune`, `export`: selections and reports -> `reports`
* `validate`, `claimants`, `add-source`, `remove-source`, `extract`, `accept`, `import`,
  `convert`: the data folder -> `data`

Commands import what they delegate to when they run, so `claimbook --help` stays fast.
"""

from claimbook.cli.app import cli, main

__all__ = ["cli", "main"]
