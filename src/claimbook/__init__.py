"""claimbook: an analyst's report workbook for contested claims."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claimbook")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
