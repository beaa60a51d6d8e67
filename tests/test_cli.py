"""The command line: thin commands, a message and exit code 2 for anything the user can fix."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result

import claimbook
from claimbook.claims.query import GROUPS
from claimbook.cli import cli
from conftest import run_cli as run
from conftest import run_cli_process, set_cell

ZELENSKYY = "Volodymyr Zelenskyy"
JULY = ["--start", "2025-07-01", "--end", "2025-07-31"]



def claims_cmd(data: Path, *args: str) -> Result:
    return run("claims", "--data", str(data), *args)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert "claimbook" in result.output and claimbook.__version__ in result.output


@pytest.mark.parametrize("command", sorted({"validate", "claims", *cli.commands}))
def test_help_on_every_command(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and command in result.output


def test_help_on_the_group_lists_the_commands() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "validate" in result.output and "claims" in result.output


def test_validate_shipped_data(shipped_data: Path) -> None:
    result = run("validate", "--data", str(shipped_data))
    assert result.exit_code == 0, result.output
    assert "22 claims" in result.output
    assert "28 mentions" in result.output


def test_validate_broken_copy_names_file_row_and_column(data_copy: Path) -> None:
    """Run as a real process: the analyst must see where to fix it, and no traceback."""
    set_cell(data_copy / "claims.csv", 4, "claim_type", "rumour")
    proc = run_cli_process("validate", "--data", str(data_copy))
    output = proc.stdout + proc.stderr
    assert proc.returncode == 2, output
    assert "claims.csv, row 4, column claim_type" in output
    assert "rumour" in output
    assert "Traceback" not in output


def test_validate_missing_folder(tmp_path: Path) -> None:
    result = run("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "claims.csv" in result.output
    assert "Traceback" not in result.output


def count(output: str, label: str) -> int:
    """The number after e.g. 'in range:' in the headline (exact, so 1 is not mistaken for 17)."""
    m = re.search(rf"\b{label}: (\d+)\b", output)
    assert m, f"no '{label}:' in {output!r}"
    return int(m.group(1))


def test_claims_july(shipped_data: Path) -> None:
    result = claims_cmd(shipped_data, *JULY)
    assert result.exit_code == 0, result.output
    out = result.output
    assert (count(out, "in range"), count(out, "imprecise"), count(out, "undated")) == (1, 0, 17)
    assert "1 – 31 July 2025" in out
    assert "C004" in out  # the one in-range claim is listed


def test_claims_csv_is_machine_readable(shipped_data: Path) -> None:
    """stdout holds only the CSV (the headline goes to stderr), so it can be piped."""
    result = claims_cmd(shipped_data, *JULY, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and "group" in rows[0]
    assert {r["group"] for r in rows} <= set(GROUPS)
    assert sum(r["group"] == "in_range" for r in rows) == 1
    assert sum(r["group"] == "undated" for r in rows) == 17
    assert "in range: 1" in result.stderr


def test_claims_json_has_counts(shipped_data: Path) -> None:
    result = claims_cmd(shipped_data, *JULY, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["counts"] == {"in_range": 1, "imprecise": 0, "undated": 17}
    assert len(data["claims"]) == 18
    assert {c["group"] for c in data["claims"]} == {"in_range", "undated"}


def test_claims_claimant_filter(shipped_data: Path) -> None:
    result = claims_cmd(shipped_data, "--claimant", ZELENSKYY, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {c["claimant"] for c in data["claims"]} == {ZELENSKYY}
    assert data["counts"] == {"in_range": 2, "imprecise": 0, "undated": 0}


def test_claims_type_filter(shipped_data: Path) -> None:
    result = claims_cmd(shipped_data, "--type", "denial", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["claims"] and {c["claim_type"] for c in data["claims"]} == {"denial"}


def test_claims_start_after_end(shipped_data: Path) -> None:
    result = claims_cmd(shipped_data, "--start", "2025-09-01", "--end", "2025-01-01")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("claimbook:") and "\n" not in message, message


@pytest.mark.parametrize(
    ("args", "mentioned"),
    [(["--type", "bogus"], "bogus"), (["--start", "July 2025"], "July 2025"),
     (["--topic", "weather"], "weather"), (["--end", "2025-02-30"], "2025-02-30")],
)
def test_claims_bad_parameters_exit_2(shipped_data: Path, args: list[str], mentioned: str) -> None:
    """Bad parameters are refused before loading anything, with a message naming the value."""
    result = claims_cmd(shipped_data, *args)
    assert result.exit_code == 2
    assert mentioned in result.stderr
    assert "Traceback" not in result.output


def test_claims_on_broken_data_exit_2(data_copy: Path) -> None:
    set_cell(data_copy / "mentions.csv", 5, "doc_id", "no_such_doc")
    result = claims_cmd(data_copy, *JULY)
    assert result.exit_code == 2
    assert "mentions.csv, row 5, column doc_id" in result.stderr


def test_commands_that_build_no_run_configuration_do_not_load_pydantic() -> None:
    # `import`, `validate`, `convert`: the command line's start costs them no configuration
    code = ("import sys, claimbook.cli; "
            "print(sorted(m for m in ('pydantic', 'claimbook.params', 'importlib.metadata') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"
