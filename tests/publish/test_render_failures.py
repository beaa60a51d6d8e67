"""Failures mid-run: a killed kernel, a cell timeout, a read-only folder, SIGINT and SIGTERM.

Each case: a clear message, the documented exit code, the previous report intact, and no
temporary files or kernel processes left behind (TMPDIR is private to each test).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from click.testing import Result

from conftest import cli_argv, previous_report, run_cli
from places import DATA, NOTEBOOK, ROOT

PREVIOUS = "<p>the previous report</p>"

pytestmark = [pytest.mark.slow, pytest.mark.serial]  # kills and waits with short windows

# The marker appears whole (written aside, then renamed) the moment the cell starts to sleep:
# a test that waits for it knows the cell is running, with no guess at how long anything takes.
SLEEPY_CELL = """import os, pathlib, time
if start >= os.environ.get("CB_SLEEP_FROM", "9999"):
    marker = pathlib.Path(os.environ["CB_MARKER"] + start)
    aside = marker.with_name("writing-" + marker.name)
    aside.write_text(str(os.getpid()))
    os.replace(aside, marker)
    time.sleep(float(os.environ.get("CB_SLEEP", "60")))"""


@pytest.fixture
def world(tmp_path: Path) -> dict[str, Path]:
    """A notebook that sleeps for chosen months, a reports folder with a previous July report,
    and a private TMPDIR."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(SLEEPY_CELL))
    notebook = tmp_path / "nb" / "claims_report.ipynb"
    notebook.parent.mkdir()
    nbformat.write(nb, notebook)
    reports = tmp_path / "reports"
    previous_report(reports / "2025-07", PREVIOUS)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    return {"notebook": notebook, "reports": reports, "tmp": tmpdir, "marker": tmp_path / "pid-"}


def start(world: dict[str, Path], *args: str, sleep_from: str = "9999",
          sleep: float = 60) -> subprocess.Popen[str]:
    env = {**os.environ, "TMPDIR": str(world["tmp"]), "CB_MARKER": str(world["marker"]),
           "CB_SLEEP_FROM": sleep_from, "CB_SLEEP": str(sleep)}
    with sigint_as_on_a_terminal():
        return subprocess.Popen(
            cli_argv(*args, "--data", str(DATA), "--notebook", str(world["notebook"]),
                     "--format", "html"),
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)


def run_here(world: dict[str, Path], monkeypatch: pytest.MonkeyPatch, *args: str,
             sleep_from: str = "9999") -> Result:
    """`start`'s command in-process, with the same TMPDIR and sleepy cell, for failures that end
    the render by themselves: what is proved is the CLI's exit code, message and cleanup, not a
    property of its process (signals go to real processes: `start`)."""
    for name, value in {"TMPDIR": str(world["tmp"]), "CB_MARKER": str(world["marker"]),
                        "CB_SLEEP_FROM": sleep_from, "CB_SLEEP": "60"}.items():
        monkeypatch.setenv(name, value)  # the kernel inherits them
    monkeypatch.setattr(tempfile, "tempdir", str(world["tmp"]))  # gettempdir() read TMPDIR once
    return run_cli(*args, "--data", str(DATA), "--notebook", str(world["notebook"]), "--format",
                   "html")


@contextlib.contextmanager
def sigint_as_on_a_terminal() -> Iterator[None]:
    """Children started meanwhile get SIGINT's default action, as a command typed at a terminal
    does. A process started in the background by a non-interactive shell (`make test &`, some
    CI runners) ignores SIGINT, and its children inherit that: the CLI would never see the
    Ctrl-C the test sends, finish its report and exit 0."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def catches(pid: int, signum: int) -> bool:
    """The process has a handler of its own for `signum` (SigCgt in /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def kernel_pid(world: dict[str, Path], month: str = "2025-07", timeout: float = 120) -> int:
    marker = Path(f"{world['marker']}{month}-01")
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert time.monotonic() < deadline, "the notebook never reached the sleeping cell"
        time.sleep(0.1)
    return int(marker.read_text())


def gone(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def assert_clean(world: dict[str, Path]) -> None:
    assert (world["reports"] / "2025-07" / "report.html").read_text("utf-8") == PREVIOUS
    assert not [p.name for p in world["reports"].iterdir() if p.name.startswith(".")
                and p.name != ".claimbook.lock"], "temporary folders left in reports/"
    assert not list(world["tmp"].iterdir()), "temporary files left in TMPDIR"


def test_killed_kernel(world: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel killed while a cell runs (in-process: the kernel is the process killed, not
    the CLI; a thread kills it once its cell sleeps)."""
    killed: list[int] = []

    def kill_when_sleeping() -> None:
        pid = kernel_pid(world)
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    killer = threading.Thread(target=kill_when_sleeping, daemon=True)
    killer.start()
    done = run_here(world, monkeypatch, "render", "--period", "2025-07", "--reports-dir",
                    str(world["reports"]), sleep_from="0000")
    killer.join(timeout=10)
    assert killed, "the kernel never reached the sleeping cell"
    err = done.stderr
    assert done.exit_code == 1, done.output
    assert "kernel died" in err and "Traceback" not in done.output
    assert gone(killed[0])
    assert_clean(world)
    assert list((world["reports"] / "_failed").glob("2025-07-*/report.ipynb"))


def test_cell_timeout(world: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    done = run_here(world, monkeypatch, "render", "--period", "2025-07", "--reports-dir",
                    str(world["reports"]), "--timeout", "3", sleep_from="0000")
    pid = kernel_pid(world)
    err = done.stderr
    assert done.exit_code == 1, done.output
    assert "ran longer than --timeout 3 s" in err and "Traceback" not in done.output
    assert gone(pid)
    assert_clean(world)
    [kept] = (world["reports"] / "_failed").glob("2025-07-*")
    assert (kept / "report.ipynb").exists() and "--timeout" in (kept / "error.log").read_text()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_render(world: dict[str, Path], signum: int, code: int) -> None:
    proc = start(world, "render", "--period", "2025-07", "--reports-dir", str(world["reports"]),
                 sleep_from="0000")
    pid = kernel_pid(world)  # the cell is running: the render cannot have finished
    assert catches(proc.pid, signum), "the CLI would not see the signal"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert f"interrupted by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert gone(pid), "kernel process left behind"
    assert_clean(world)


def test_read_only_reports_folder(world: dict[str, Path], monkeypatch: pytest.MonkeyPatch
                                  ) -> None:
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available to make a folder read-only for root")
    reports = world["reports"]
    if subprocess.run(["chattr", "+i", str(reports)], capture_output=True).returncode != 0:
        pytest.skip("this filesystem has no immutable attribute")
    try:
        done = run_here(world, monkeypatch, "render", "--period", "2025-07", "--reports-dir",
                        str(reports))
    finally:
        subprocess.run(["chattr", "-i", str(reports)], check=True)
    err = done.stderr
    assert done.exit_code == 1, done.output
    assert "cannot write" in err and "previous report is untouched" in err
    assert "Traceback" not in done.output
    assert (reports / "2025-07" / "report.html").read_text("utf-8") == PREVIOUS
    [kept] = list(world["tmp"].glob("claimbook-failed-2025-07-*"))
    assert (kept / "report.html").exists() and (kept / "report.ipynb").exists()


def test_terminated_batch_then_rerun_completes_only_what_is_missing(world: dict[str, Path]) -> None:
    """SIGTERM to a batch whose two workers each run a report, after it published a third:
    exit 143, that report kept, nothing of the other two published or left behind; the next
    run renders only those two. June renders in a worker's kernel that then runs a sleeping
    report (no report of its own made beforehand); the run after the terminated one needs no
    process of its own (nor workers): in-process."""
    reports = world["reports"]
    shutil.rmtree(reports / "2025-07")
    proc = start(world, "batch", "--from", "2025-06", "--to", "2025-08", "-j", "2",
                 "--reports-dir", str(reports), sleep_from="2025-07")
    wait_for_sleeping_kernels(world, 2)  # July's and August's: June was rendered before one
    kernels = [kernel_pid(world, month) for month in ("2025-07", "2025-08")]
    deadline = time.monotonic() + 60
    while not (reports / "2025-06" / "report.html").exists():  # published as it came back
        assert proc.poll() is None and time.monotonic() < deadline, "June was never published"
        time.sleep(0.1)
    june = (reports / "2025-06" / "report.html").read_bytes()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=180)
    assert proc.returncode == 143, err
    assert "interrupted by SIGTERM" in err and "Traceback" not in err
    assert all(gone(pid) for pid in kernels), "kernel process left behind"
    assert not (reports / "2025-07").exists() and not (reports / "2025-08").exists()
    assert (reports / "2025-06" / "report.html").read_bytes() == june
    assert not [p for p in reports.iterdir() if p.name.startswith(".") and "tmp" in p.name]
    assert not list(world["tmp"].iterdir())

    rerun = run_cli("batch", "--data", str(DATA), "--notebook", str(world["notebook"]),
                    "--format", "html", "--reports-dir", str(reports), "--from", "2025-06",
                    "--to", "2025-08")
    assert rerun.exit_code == 0, rerun.output
    assert "1 up to date, 2 to render" in rerun.stderr
    assert "batch: 2 rendered, 1 skipped, 0 failed" in rerun.stderr


def marked_processes(world: dict[str, Path]) -> set[int]:
    """Live processes of this test's runs: the CLI, its workers, the multiprocessing resource
    tracker and the kernels all inherit CB_MARKER in their environment."""
    needle = f"\0CB_MARKER={world['marker']}\0".encode()
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = b"\0" + (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in environ and state != "Z":
            found.add(int(entry.name))
    return found


def wait_for_sleeping_kernels(world: dict[str, Path], n: int, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while len(list(world["marker"].parent.glob(world["marker"].name + "*"))) < n:
        assert time.monotonic() < deadline, "the workers never reached the sleeping cell"
        time.sleep(0.1)


def none_left(world: dict[str, Path], timeout: float = 10) -> set[int]:
    deadline = time.monotonic() + timeout
    while (left := marked_processes(world)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def exited(pid: int, timeout: float = 10) -> bool:
    """The process has ended (a zombie that its stopped parent cannot reap has ended too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.1)
    return False


def kill_all(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_a_terminated_worker_stops_its_kernel_and_a_batch_killed_with_sigkill_leaves_nothing(
        world: dict[str, Path]) -> None:
    """One -j 2 batch of four sleeping reports, two under way. First, with the batch stopped
    (SIGSTOP: it cannot step in, the worker acts alone), SIGTERM to the worker started first:
    it stops its kernel and exits, taking none of the reports still queued. Then SIGKILL to
    the batch: the other worker (the one started last), its kernel and the multiprocessing
    resource tracker outlive it by no more than a moment, and the workers removed their
    temporary folders on the way out. (One batch for what two batches of the same shape
    showed apart.)"""
    proc = start(world, "batch", "--from", "2025-05", "--to", "2025-08", "-j", "2",
                 "--reports-dir", str(world["reports"]), sleep_from="0000")
    try:
        wait_for_sleeping_kernels(world, 2)
        before = marked_processes(world)
        assert len(before) >= 6, before  # the CLI, the tracker, 2 workers, 2 kernels
        kernels = [kernel_pid(world, month) for month in ("2025-05", "2025-06")]
        workers = [parent_of(k) for k in kernels]
        assert proc.pid not in workers
        first = min(workers, key=started_at)
        proc.send_signal(signal.SIGSTOP)  # the batch cannot step in: the worker acts alone
        os.kill(first, signal.SIGTERM)
        assert exited(kernels[workers.index(first)]), "the terminated worker's kernel is still running"
        assert exited(first), "the terminated worker kept running"
        assert not list(world["marker"].parent.glob(world["marker"].name + "*-0[78]-01")), \
            "the terminated worker took another report"

        proc.kill()  # SIGKILL ends a stopped process too
        proc.wait(timeout=10)
        left = none_left(world)
        assert not left, f"{len(left)} of the batch's {len(before)} processes outlived it"
        assert_clean(world)  # the workers removed their temporary folders on the way out
    finally:
        kill_all(marked_processes(world))
        proc.send_signal(signal.SIGCONT)
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def started_at(pid: int) -> int:
    """When the process started (clock ticks since boot, field 22 of /proc/PID/stat)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])


def assert_killed_worker_ends_the_batch(world: dict[str, Path], proc: subprocess.Popen[str],
                                        worker: int, kernel: int) -> None:
    os.kill(worker, signal.SIGKILL)  # the OOM killer's way
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # its message would repeat the whole command line
        pytest.fail("the batch did not end within 60 s of its worker's death", pytrace=False)
    assert proc.returncode == 1, err
    assert "a worker process stopped before its report was finished" in err
    assert "Traceback" not in err
    assert exited(kernel), "the killed worker's kernel is still running"
    assert not none_left(world), "processes of the batch outlived it"


def test_the_batch_notices_the_death_of_the_worker_started_last(world: dict[str, Path]) -> None:
    """A worker killed with SIGKILL (the OOM killer's way) takes its kernel with it, and the
    batch ends at once with exit 1 and says why, leaving no process behind -- even when the
    killed worker is the last one started: as many reports as workers, and the last worker
    slow to start (as on a loaded machine; here a long command line, which the pool writes to
    each new worker with the rest of its start-up data through a pipe that then waits for it),
    which the pool once did not watch (the batch then waited for the other report, whose
    notebook sleeps 300 s). The worker started last is the harder case of the two (a worker
    the pool watches anyway ends the batch the same way), so one kill proves both. (The long
    command line repeats `--jobs 2`: over the pipe's 64 KiB, and unlike a long sys.path it
    costs the workers' and kernels' imports nothing.)"""
    long_command_line = ("--jobs", "2") * 10_000
    proc = start(world, "batch", "--from", "2025-05", "--to", "2025-06", *long_command_line,
                 "--out", str(world["reports"]), sleep_from="0000", sleep=300)
    try:
        wait_for_sleeping_kernels(world, 2)
        kernels = [kernel_pid(world, month) for month in ("2025-05", "2025-06")]
        workers = [parent_of(k) for k in kernels]
        last = max(workers, key=started_at)
        assert_killed_worker_ends_the_batch(world, proc, last, kernels[workers.index(last)])
    finally:
        kill_all(marked_processes(world))
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=10)
