"""What the command line offers in its help before any configuration is built.

`claimbook --help`, `import` or `validate` never build a run's configuration, so these values
live apart from `claimbook.params` (which validates runs against them with pydantic, and is
imported only by the commands that render, batch or select).
"""

FORMATS: tuple[str, ...] = ("html", "pdf", "ipynb")  # a report's output formats
MAX_REPORTS = 500  # reports one batch may render
# The defaults `render` and `batch` share (`params.RunOptions` takes them from here; their
# reports folder and notebook are the data folder's workbook's: `workbook_dir`). `prune`'s
# reports folder, which no data folder names, is "reports".
RUN_DEFAULTS = {"formats": "html,pdf,ipynb", "reports_dir": "reports", "timeout": 600.0,
                "kernel": "claimbook"}
