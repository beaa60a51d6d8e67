"""Batches as cron runs them: no terminal, exit codes, skipping, locks, failures, parallel, Dask,
and the SMTP credentials of a batch's mail kept from its kernels and workers."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import threading
import time
from datetime import date
from pathlib import Path

import nbformat
import pytest

from claimbook.errors import ConfigError, LockedError
from claimbook.params import BatchConfig, ReportParams
from claimbook.publish import batch
from conftest import run_cli, run_cli_process
from mailserver import Inbox
from places import DATA, NOTEBOOK


def run_batch(out: Path, *args: str, data: Path = DATA, notebook: Path = NOTEBOOK,
              timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """The CLI as cron runs it: a subprocess with no terminal and no standard input."""
    return run_cli_process("batch", "--data", str(data), "--reports-dir", str(out), "--notebook",
                           str(notebook), "--format", "html", *args, timeout=timeout)


def cfg(**values: object) -> BatchConfig:
    return BatchConfig(base=ReportParams(data_dir=str(DATA)), **values)


# --- planning and configuration (fast) ----------------------------------------------------------


def test_plan_one_report_per_month() -> None:
    jobs = batch.plan(cfg(start=date(2025, 1, 1), end=date(2025, 12, 31)))
    names = [j.params.start.strftime("%Y-%m") for j in jobs]
    assert names == [f"2025-{m:02d}" for m in range(1, 13)]
    assert {len(j.params.claimants) for j in jobs} == {0}


def test_plan_per_claimant_only_where_the_claimant_has_claims() -> None:
    jobs = batch.plan(cfg(start=date(2025, 4, 1), end=date(2025, 8, 31), per="claimant"))
    got = [(j.params.start.month, j.params.claimants[0]) for j in jobs]
    assert got == [(4, "Captured Chinese nationals"), (4, "Volodymyr Zelenskyy"),
                   (7, "Ukraine HUR (Defence Intelligence)"),
                   (8, "Norb Leahy, Dunwoody GA Tea Party Leader (blog)")]


def test_plan_per_type_by_quarter() -> None:
    jobs = batch.plan(cfg(start=date(2025, 1, 1), end=date(2025, 12, 31), every="quarter",
                          per="type"))
    got = [(j.params.start.month, j.params.claim_types[0]) for j in jobs]
    assert got == [(4, "allegation"), (4, "statement"), (7, "event_report"),
                   (7, "intelligence_report")]


def test_plan_records_the_validation_so_workers_do_not_repeat_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimbook import store

    monkeypatch.setenv("CLAIMBOOK_CACHE", str(tmp_path / "cache"))
    batch.plan(cfg(start=date(2025, 1, 1), end=date(2025, 3, 31)))
    calls = []
    monkeypatch.setattr(store, "validate", lambda d: calls.append(d))
    store.read_keys(DATA)  # what each report reads first
    assert calls == []


@pytest.mark.parametrize(("values", "message"), [
    ({"period": None, "start": "2025-12", "end": "2025-01"}, "is after"),
    ({"period": "2025-13", "start": None, "end": None}, "not a period"),
    ({"period": "2025", "start": "2025-01", "end": None}, "either --period or --from/--to"),
    ({"period": None, "start": "2025-01", "end": None}, "give --period, or both"),
])
def test_bad_periods_are_config_errors(values: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        BatchConfig.from_cli(as_of=None, formats="html", **values)


def test_dask_needs_a_scheduler() -> None:
    with pytest.raises(ConfigError, match="--scheduler"):
        BatchConfig.from_cli(period="2025", start=None, end=None, as_of=None, formats="html",
                             executor="dask")


def test_a_scheduler_without_the_dask_executor_is_refused_not_ignored() -> None:
    with pytest.raises(ConfigError, match=r"--scheduler is for --executor dask \(--executor is "
                                          r"local; choose from local, dask\)"):
        BatchConfig.from_cli(period="2025", start=None, end=None, as_of=None, formats="html",
                             scheduler="tcp://127.0.0.1:8786")


def test_relative_periods_follow_as_of() -> None:
    c = BatchConfig.from_cli(period=None, start="last-quarter", end="last-month",
                             as_of="2025-08-15", formats="html")
    assert (c.start, c.end) == (date(2025, 4, 1), date(2025, 7, 31))


def test_lock_waits_then_gives_up(tmp_path: Path) -> None:
    with (batch.locked(tmp_path, wait=0), pytest.raises(LockedError, match="locked by pid"),
          batch.locked(tmp_path, wait=0.3)):
        pass
    with batch.locked(tmp_path, wait=0):  # released: free again
        pass


def test_cli_exit_codes_for_usage_and_lock(tmp_path: Path) -> None:
    """Usage errors exit 2 in one line (in-process: the code is the CLI's, not the process's);
    a batch locked by another exits 3 as a real process, as cron sees it."""
    bad = run_cli("batch", "--data", str(DATA), "--reports-dir", str(tmp_path), "--notebook",
                  str(NOTEBOOK), "--format", "html", "--from", "2025-12", "--to", "2025-01")
    assert bad.exit_code == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    tmp_path.mkdir(exist_ok=True)
    with open(tmp_path / batch.LOCK_FILE, "a+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write("pid 1 since test\n")
        f.flush()
        locked = run_batch(tmp_path, "--period", "2025-07")
    assert locked.returncode == 3
    assert "locked" in locked.stderr and "Traceback" not in locked.stderr


# --- real batches (slow) --------------------------------------------------------------------------


@pytest.mark.slow
def test_cron_run_renders_skips_and_rerenders_what_changed(tmp_path: Path) -> None:
    """The first run is cron's own: a process with no terminal and no standard input. The
    runs after it are about what is skipped and printed, not about the process: in-process."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "reports"
    log_file = tmp_path / "logs" / "batch.log"
    months = ("--from", "2025-06", "--to", "2025-07")

    first = run_batch(out, *months, "--log-file", str(log_file), data=data)
    assert first.returncode == 0, first.stderr
    lines = first.stderr.strip().splitlines()
    assert all(line[:4] == "2026" or line[:2] == "20" for line in lines), "timestamps"
    assert sum("rendered (" in line for line in lines) == 2
    assert "batch: 2 rendered, 0 skipped, 0 failed" in lines[-1]
    assert "batch: 2 rendered" in log_file.read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    for month in ("2025-06", "2025-07"):
        assert f'href="{month}/report.html"' in index
        assert (out / month / "report.html").is_file()
    before = {m: (out / m / "report.html").stat().st_mtime_ns for m in ("2025-06", "2025-07")}

    batch_args = ("batch", "--data", str(data), "--reports-dir", str(out), "--notebook",
                  str(NOTEBOOK), "--format", "html", *months)
    again = run_cli(*batch_args)
    assert again.exit_code == 0, again.output
    assert "2 up to date, 0 to render" in again.stderr
    assert "batch: 0 rendered, 2 skipped, 0 failed" in again.stderr
    assert (out / "2025-07" / "report.html").stat().st_mtime_ns == before["2025-07"]

    claims = data / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "Russia would train about 600", "Russia would train some 600"), encoding="utf-8")
    changed = run_cli(*batch_args, "--quiet")
    assert changed.exit_code == 0, changed.output
    assert changed.stderr == "" and changed.stdout == "", "--quiet prints nothing on success"
    assert "Russia would train some 600" in (out / "2025-07" / "report.html").read_text("utf-8")
    assert (out / "2025-06" / "report.html").stat().st_mtime_ns == before["2025-06"], \
        "only the month whose claims changed is rendered again"


SECRET = "s3cret-smtp-password-for-the-test"

# Written by each report's kernel before anything can fail: its environment, and its parent's
# (the worker's) environment and command line, from /proc as the kernel sees them.
WRITE_ENVIRONMENT = """import json, os, pathlib
parent = f"/proc/{{os.getppid()}}"
pathlib.Path({folder!r}, f"env-{{start}}.json").write_text(json.dumps({{
    "kernel": dict(os.environ),
    "parent": open(parent + "/environ", "rb").read().decode("utf-8", "replace").split("\\0"),
    "parent_argv": open(parent + "/cmdline", "rb").read().decode().split("\\0")}}))"""


@pytest.mark.slow
@pytest.mark.serial  # three workers and their kernels
def test_parallel_batches_never_race_for_kernel_ports_and_a_failing_period_stops_no_other(
        tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    """-j 3 over 3 months (papermill #239/#511: 'Address already in use'): three workers start
    their kernels at once, the moment the race was lost; kernels on IPC transport take no port.
    The race is between any two kernels started at once: three give three such pairs in one
    run (four workers twice in a row repeated the same starts at the price of five more
    kernels). July's notebook raises: that report fails, with its error log and executed
    notebook kept, and the other two are published and indexed.

    The same batch mails its summary with SMTP credentials from its environment, and neither
    the kernels nor the worker processes see them: each kernel writes down its environment
    and its parent's (a pool worker); the mail still logs in with them."""
    inbox, port = smtp
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(
        'if start == "2025-07-01":\n    raise RuntimeError("July is broken")'))
    nb.cells.insert(3, nbformat.v4.new_code_cell(WRITE_ENVIRONMENT.format(folder=str(tmp_path))))
    broken = tmp_path / "claims_report.ipynb"
    nbformat.write(nb, broken)
    out = tmp_path / "reports"

    done = run_cli_process(
        "batch", "--data", str(DATA), "--reports-dir", str(out), "--notebook", str(broken),
        "--format", "html", "--from", "2025-06", "--to", "2025-08", "-j", "3",
        "--mail-to", "analysts@example.org", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        timeout=600, env={"CLAIMBOOK_SMTP_USER": "ops", "CLAIMBOOK_SMTP_PASSWORD": SECRET})

    assert done.returncode == 1, done.stderr[-2000:]
    assert "batch: 2 rendered, 0 skipped, 1 failed" in done.stderr
    assert "Address already in use" not in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.parent.name for p in out.glob("2025-*/report.html")) == [
        "2025-06", "2025-08"]
    assert not (out / "2025-07").exists()
    assert not list(out.glob(".*tmp-*"))
    [failed] = (out / "_failed").glob("*")
    assert failed.name.startswith("2025-07-")
    log = (failed / "error.log").read_text(encoding="utf-8")
    assert log.startswith("cell In [") and "RuntimeError: July is broken" in log
    assert (failed / "report.ipynb").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "2025-06/report.html" in index and "2025-07/" not in index

    assert inbox.logins == [("ops", SECRET)] and len(inbox.messages) == 1
    for month in ("2025-06", "2025-07", "2025-08"):
        seen = json.loads((tmp_path / f"env-{month}-01.json").read_text(encoding="utf-8"))
        assert "--multiprocessing-fork" in seen["parent_argv"], "the kernel's parent is a worker"
        assert "PATH" in seen["kernel"] and any(v.startswith("PATH=") for v in seen["parent"])
        assert not [k for k in seen["kernel"] if k.startswith("CLAIMBOOK_SMTP_")]
        assert not [v for v in seen["parent"] if v.startswith("CLAIMBOOK_SMTP_")]
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.slow
@pytest.mark.serial  # a Dask cluster and its worker process
def test_dask_executor_on_a_local_cluster(tmp_path: Path) -> None:
    from distributed import LocalCluster

    """The reports are rendered by a Dask worker process (its thread keeps one warm kernel for
    both: a second report shows the reuse as well as a third did); the batch that sends them
    runs in-process (no property of its own process)."""
    out = tmp_path / "reports"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        args = ("batch", "--data", str(DATA), "--reports-dir", str(out), "--notebook",
                str(NOTEBOOK), "--format", "html", "--from", "2025-06", "--to", "2025-07",
                "--executor", "dask", "--scheduler", cluster.scheduler_address)
        done = run_cli(*args)
        assert done.exit_code == 0, done.output[-2000:]
        assert "with dask" in done.stderr
        assert "batch: 2 rendered, 0 skipped, 0 failed" in done.stderr
        again = run_cli(*args)
        assert "batch: 0 rendered, 2 skipped, 0 failed" in again.stderr
    meta = json.loads((out / "2025-07" / "meta.json").read_text(encoding="utf-8"))
    assert meta["counts"]["in_range"] == 1


def test_waiting_for_a_lock_that_is_released(tmp_path: Path) -> None:
    def hold() -> None:
        with batch.locked(tmp_path, wait=0):
            time.sleep(0.5)

    t = threading.Thread(target=hold)
    t.start()
    time.sleep(0.1)
    with batch.locked(tmp_path, wait=5):
        pass
    t.join()
