"""The operator's documentation runs: the exact cron and systemd commands in docs/scheduling.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from claimbook.claims.dates import parse_period
from places import ROOT

DOC = ROOT / "docs" / "scheduling.md"
INSTALL = "/opt/claimbook"


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def install(tmp_path: Path) -> Path:
    """A copy of the project where the docs say it lives, sharing this checkout's venv."""
    home = tmp_path / "claimbook"
    home.mkdir()
    shutil.copytree(ROOT / "data", home / "data")
    shutil.copytree(ROOT / "notebooks", home / "notebooks")
    (home / ".venv").symlink_to(ROOT / ".venv")
    return home


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL, env=env)


@pytest.mark.slow
def test_crontab_and_systemd_commands_run_as_documented(install: Path) -> None:
    [crontab] = fenced("crontab")
    schedule, command = crontab.strip().split(" ", 5)[:5], crontab.strip().split(" ", 5)[5]
    assert schedule == ["0", "6", "1", "*", "*"]
    assert command.startswith(f"cd {INSTALL} && ")

    cron = run(command.replace(INSTALL, str(install)), cwd=Path("/"))

    assert cron.returncode == 0, cron.stderr
    assert cron.stdout == "" and cron.stderr == "", "cron mails nothing when all went well"
    month = parse_period("last-month").label
    assert (install / "reports" / month / "report.html").is_file()
    assert (install / "reports" / "index.html").is_file()
    assert "batch: 1 rendered" in (install / "reports" / "batch.log").read_text(encoding="utf-8")

    service = next(block for block in fenced("ini") if "[Service]" in block)
    workdir = re.search(r"^WorkingDirectory=(.+)$", service, re.M).group(1)
    exec_start = re.search(r"^ExecStart=(.+)$", service, re.M).group(1)
    assert workdir == INSTALL and exec_start.startswith(f"{INSTALL}/.venv/bin/claimbook batch")

    timer = run(exec_start.replace(INSTALL, str(install)), cwd=install)

    assert timer.returncode == 0, timer.stderr
    log = (install / "reports" / "batch.log").read_text(encoding="utf-8")
    assert "batch: 0 rendered, 1 skipped, 0 failed" in log.splitlines()[-1]


def test_timer_runs_monthly() -> None:
    timer = next(block for block in fenced("ini") if "[Timer]" in block)
    assert "OnCalendar=*-*-01 06:00:00" in timer and "Persistent=true" in timer


def test_the_readme_maps_every_module() -> None:
    """The README's map of the code names every module and sub-package of src/claimbook, each on
    a line of its own, and nothing that is not there."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"^```\n(.*?)^```$", readme, re.S | re.M)
                 if b.startswith("src/claimbook/\n"))
    listed = {line.split()[0] for line in block.splitlines()[1:] if line.strip()}
    package = ROOT / "src" / "claimbook"
    modules = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
               if p.name != "__init__.py"}
    modules |= {p.parent.relative_to(package).as_posix() + "/"
                for p in package.rglob("__init__.py") if p.parent != package}
    assert listed == modules


def test_no_module_is_longer_than_the_readme_allows() -> None:
    """Every module of src/claimbook stays within the 500 lines the README's code map promises a
    reader: a longer one is two concerns to split, not one to scroll."""
    package = ROOT / "src" / "claimbook"
    long = {p.relative_to(package).as_posix(): n for p in package.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
