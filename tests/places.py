"""Where the project's files are, for every test: one definition instead of one per test file."""

from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
NOTEBOOK = NOTEBOOKS / "claims_report.ipynb"
FIXTURES = TESTS / "fixtures"
