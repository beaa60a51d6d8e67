"""Publishing never destroys what is not its own, and no race or kill leaves a report missing.

`render --out` and `batch --out` replace only previous claimbook reports (refusing, exit 2,
with nothing touched, the data folder, the reports folder, their ancestors, foreign folders,
symbolic links, `.` and `/`); publishers of one folder run one at a time under its publish
lock; a publish killed at any instant is undone by the next one; a render killed with SIGKILL
leaves temporary files that the next render removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from claimbook.errors import ConfigError, LockedError
from claimbook.publish import folders, index, kernel
from conftest import cli_argv, previous_report, run_cli
from places import DATA, NOTEBOOK, ROOT


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every path under `folder` with its content (a link: its target)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = path.read_bytes()
        else:
            out[key] = "dir"
    return out


def files_of(n: int) -> dict[str, bytes]:
    """A report's files as a render returns them, numbered `n`."""
    meta = {"files": {"html": "report.html"}, "claimbook": "test", "n": n}
    return {"meta.json": json.dumps(meta).encode(), "report.html": b"<p>%d</p>" % n * 200}


def complete(folder: Path) -> bool:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return all((folder / name).is_file() for name in meta["files"].values())


def dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


# --- refusals (before any kernel starts) -----------------------------------------------------------


def _tree(tmp_path: Path, case: str) -> tuple[list[str], Path]:
    """The `render` options of a refused case, and the folder to run it in."""
    reports = tmp_path / "reports"
    previous_report(reports / "all-dates")
    index.write_index(reports)
    if case == "data folder":
        return ["--out", str(tmp_path / "data")], tmp_path
    if case == "reports folder":
        return ["--out", "reports"], tmp_path
    if case == "inside the data folder":
        return ["--out", str(tmp_path / "data" / "report")], tmp_path
    if case == "ancestor of both":
        return ["--out", str(tmp_path)], tmp_path
    if case == "folder with other files":
        site = tmp_path / "site"
        (site / "css").mkdir(parents=True)
        (site / "notes.txt").write_text("mine", encoding="utf-8")
        (site / "css" / "site.css").write_text("body {}", encoding="utf-8")
        return ["--out", str(site)], tmp_path
    if case == "symbolic link":
        (tmp_path / "link").symlink_to(reports / "all-dates")
        return ["--out", str(tmp_path / "link")], tmp_path
    if case == "report folder with a file of its own":
        (reports / "all-dates" / "notes.txt").write_text("mine", encoding="utf-8")
        return ["--out", str(reports / "all-dates")], tmp_path
    if case == "current folder":
        (tmp_path / "empty").mkdir()
        return ["--out", "."], tmp_path / "empty"
    assert case == "root folder"
    return ["--out", "/"], tmp_path


@pytest.mark.parametrize("case", ["data folder", "inside the data folder", "reports folder",
                                  "ancestor of both",
                                  "folder with other files", "symbolic link",
                                  "report folder with a file of its own", "current folder",
                                  "root folder"])
def test_render_out_refuses_what_is_not_a_previous_report(
        tmp_path: Path, data_copy: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    options, cwd = _tree(tmp_path, case)
    before = snapshot(tmp_path)
    monkeypatch.chdir(cwd)

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("a kernel started before the refusal")

    monkeypatch.setattr(kernel, "started", started)  # refused before the render runs
    result = run_cli("render", "--data", str(data_copy), "--reports-dir",
                     str(tmp_path / "reports"), "--notebook", str(NOTEBOOK), "--format", "html",
                     *options)
    assert result.exit_code == 2, result.output
    assert "refusing to publish" in result.stderr and "nothing was written" in result.stderr
    assert snapshot(tmp_path) == before, "nothing touched"


def test_render_refuses_a_reports_folder_whose_index_it_did_not_write(
        tmp_path: Path, data_copy: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>my home page</p>", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_cli("render", "--data", str(data_copy), "--reports-dir", str(site),
                     "--notebook", str(NOTEBOOK), "--format", "html", "--period", "2025-07")
    assert result.exit_code == 2 and "index.html was not written by claimbook" in result.stderr
    assert snapshot(tmp_path) == before


def test_batch_refuses_a_reports_folder_it_did_not_make(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "2025-01").mkdir(parents=True)
    (site / "2025-01" / "photo.jpg").write_bytes(b"\xff\xd8 my photo")
    (site / "index.html").write_text("<p>my home page</p>", encoding="utf-8")
    before = snapshot(tmp_path)
    done = run_cli("batch", "--data", str(DATA), "--out", str(site), "--notebook",
                   str(NOTEBOOK), "--format", "html", "--period", "2025-01")
    assert done.exit_code == 2, done.output
    assert "refusing to publish reports into" in done.stderr and "Traceback" not in done.output
    assert snapshot(tmp_path) == before


def test_publish_replaces_a_previous_report_an_empty_folder_and_nothing_else(
        tmp_path: Path) -> None:
    previous_report(tmp_path / "old")
    (tmp_path / "empty").mkdir()
    for name in ("old", "empty", "new"):
        folders.publish(files_of(1), tmp_path / name)
        assert json.loads((tmp_path / name / "meta.json").read_bytes())["n"] == 1
    (tmp_path / "new" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a claimbook report"):
        folders.publish(files_of(2), tmp_path / "new")
    assert (tmp_path / "new" / "notes.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "new", "old"]


@pytest.mark.slow
def test_batch_fails_only_the_report_whose_folder_is_not_its_own(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    index.write_index(reports)  # a reports folder claimbook made
    (reports / "2025-07").mkdir()
    (reports / "2025-07" / "notes.txt").write_text("mine", encoding="utf-8")
    done = run_cli("batch", "--data", str(DATA), "--out", str(reports), "--notebook",
                   str(NOTEBOOK), "--format", "html", "--from", "2025-06", "--to", "2025-07")
    assert done.exit_code == 1, done.output
    assert "batch: 1 rendered, 0 skipped, 1 failed" in done.stderr
    assert "2025-07" in done.stderr and "not a claimbook report" in done.stderr
    assert sorted(p.name for p in (reports / "2025-07").iterdir()) == ["notes.txt"]
    assert complete(reports / "2025-06")
    assert 'href="2025-06/report.html"' in (reports / "index.html").read_text(encoding="utf-8")


# --- races ---------------------------------------------------------------------------------------

PUBLISHER = """
import json, sys
from pathlib import Path
from claimbook.publish import folders
out, exchange, n = Path(sys.argv[1]), sys.argv[2] == "1", int(sys.argv[3])
folders.USE_EXCHANGE = exchange
for i in range(n):
    meta = {"files": {"html": "report.html", "ipynb": "report.ipynb"}, "claimbook": "t", "n": i}
    folders.publish({"meta.json": json.dumps(meta).encode(), "report.html": b"x" * 5000,
                     "report.ipynb": b"{}"}, out)
"""


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_concurrent_publishers_of_one_folder_never_fail_or_leave_leftovers(
        tmp_path: Path, exchange: bool) -> None:
    out = tmp_path / "reports" / "all-dates"
    folders.publish(files_of(0), out)
    seen_missing: list[str] = []
    stop = threading.Event()

    def watch() -> None:  # a reader (a web server) of the folder while it is replaced
        while not stop.is_set():
            try:
                assert complete(out)
            except (OSError, ValueError, AssertionError) as e:
                seen_missing.append(repr(e))
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    if exchange:
        watcher.start()
    procs = [subprocess.Popen([sys.executable, "-c", PUBLISHER, str(out), str(int(exchange)),
                               "300"], stderr=subprocess.PIPE, text=True) for _ in range(3)]
    try:
        errors = [p.communicate(timeout=180)[1] for p in procs]
    finally:
        stop.set()
        for p in procs:
            p.kill()
        if exchange:
            watcher.join()
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    assert sorted(p.name for p in out.parent.iterdir()) == ["all-dates"], "no leftovers"
    assert complete(out)
    assert not seen_missing, f"a reader found no complete report {len(seen_missing)} times"


# --- kills ---------------------------------------------------------------------------------------

KILLED = """
import os, shutil, signal, sys, tempfile
from pathlib import Path
from claimbook.publish import folders
out, at = Path(sys.argv[1]), sys.argv[2]
folders.USE_EXCHANGE = at != "old set aside"
def die():
    os.kill(os.getpid(), signal.SIGKILL)
rename, rmtree, mkdtemp = os.rename, shutil.rmtree, tempfile.mkdtemp
def killing_rename(a, b):
    rename(a, b)
    if at == "old set aside" and ".old-" in str(b):
        die()
def killing_rmtree(path, *args, **kwargs):
    if at == "exchanged":
        die()
    rmtree(path, *args, **kwargs)
def killing_mkdtemp(*args, **kwargs):
    made = mkdtemp(*args, **kwargs)
    if at == "writing":
        Path(made, "meta.json").write_text("{")
        die()
    return made
os.rename, shutil.rmtree, tempfile.mkdtemp = killing_rename, killing_rmtree, killing_mkdtemp
folders.publish({"meta.json": b'{"files": {"html": "report.html"}, "claimbook": "t"}',
                 "report.html": b"<p>new</p>"}, out)
"""


@pytest.mark.parametrize("at", ["writing", "old set aside", "exchanged"])
def test_a_publish_killed_at_any_step_is_recovered_by_the_next(tmp_path: Path, at: str) -> None:
    reports = tmp_path / "reports"
    previous_report(reports / "all-dates")
    killed = subprocess.run([sys.executable, "-c", KILLED, str(reports / "all-dates"), at],
                            timeout=60)
    assert killed.returncode == -signal.SIGKILL
    left = [p.name for p in reports.iterdir() if p.name != "all-dates"]
    assert left, "the kill left something to recover"
    if at != "old set aside":
        assert complete(reports / "all-dates"), "the exchange always leaves a report in place"
    index.write_index(reports)  # the next run that publishes anything into the folder
    assert sorted(p.name for p in reports.iterdir()) == ["all-dates", "index.html"]
    assert complete(reports / "all-dates")
    assert 'href="all-dates/report.html"' in (reports / "index.html").read_text("utf-8")


def test_recovery_undoes_only_leftovers_of_dead_processes(tmp_path: Path) -> None:
    dead, alive = dead_pid(), os.getpid()
    previous_report(tmp_path / f".all-dates.old-{dead}-0123abcd")  # NAME is missing
    previous_report(tmp_path / "2025-07")
    previous_report(tmp_path / f".2025-07.old-{dead}-89abcdef")  # NAME is there
    (tmp_path / f".2025-07.tmp-{dead}-k3_x9q2z").mkdir()
    (tmp_path / f".index.html.tmp-{dead}-a1b2c3d4").write_text("half")
    (tmp_path / f".2025-08.tmp-{alive}-a1b2c3d4").mkdir()  # a publish under way
    (tmp_path / ".hidden.tmp-x").mkdir()  # not claimbook's name
    with folders.publish_lock(tmp_path, wait=0):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".2025-08.tmp-{alive}-a1b2c3d4", ".hidden.tmp-x", "2025-07", "all-dates"]
    assert complete(tmp_path / "all-dates")


def test_publishers_of_one_folder_take_turns_and_give_up_after_wait(tmp_path: Path) -> None:
    with folders.publish_lock(tmp_path, wait=0):
        t0 = time.monotonic()
        with pytest.raises(LockedError, match="being published into by another run"):
            folders.publish(files_of(1), tmp_path / "r", wait=0.3)
        assert time.monotonic() - t0 >= 0.3
        assert not (tmp_path / "r").exists()
    folders.publish(files_of(1), tmp_path / "r", wait=0)
    assert complete(tmp_path / "r")


@pytest.mark.slow
def test_render_waits_for_the_publish_lock_then_exits_3(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    # in-process (the lock is a flock of its own open file: it excludes this process too); the
    # exit code 3 of a real process: publish/test_batch.py::test_cli_exit_codes_for_usage_and_lock
    with folders.publish_lock(reports, wait=0):
        done = run_cli("render", "--data", str(DATA), "--reports-dir", str(reports),
                       "--notebook", str(NOTEBOOK), "--format", "html", "--wait", "0.5")
    assert done.exit_code == 3, done.output
    assert "being published into by another run" in done.stderr and "--wait" in done.stderr
    assert not (reports / "all-dates").exists()


@pytest.mark.slow
@pytest.mark.serial  # killed at a random instant of the notebook's run
def test_a_render_killed_during_execution_leaves_nothing_the_next_render_keeps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The killed render is a process of its own (SIGKILL); the next one runs in-process with
    the same TMPDIR and Jupyter runtime folder."""
    tmpdir, runtime = tmp_path / "tmp", tmp_path / "runtime"
    tmpdir.mkdir()
    runtime.mkdir()
    env = {"TMPDIR": str(tmpdir), "JUPYTER_RUNTIME_DIR": str(runtime)}
    command = ["render", "--data", str(DATA), "--reports-dir", str(tmp_path / "reports"),
               "--notebook", str(NOTEBOOK), "--format"]
    proc = subprocess.Popen(cli_argv(*command, "html,pdf"), cwd=ROOT, env={**os.environ, **env},
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not (list(tmpdir.glob("cb-render-*/selection.csv")) and list(tmpdir.glob("cb-k-*"))):
            assert proc.poll() is None and time.monotonic() < deadline, "never started"
            time.sleep(0.05)
        time.sleep(random.uniform(0.2, 1.0))  # the notebook is executing
        proc.kill()
        proc.wait(10)
        assert list(tmpdir.glob("cb-*")), "the kill left temporary files"
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(tempfile, "tempdir", str(tmpdir))  # gettempdir() read TMPDIR once
        again = run_cli(*command, "html")  # what it removes was left mid-execution: no PDF needed
        assert again.exit_code == 0, again.output
        assert not list(tmpdir.glob("cb-*")), "the next render removed the killed one's files"
        assert not list(runtime.iterdir()), "no connection file in Jupyter's runtime folder"
    finally:
        proc.kill()
        _kill_kernels_of(tmp_path)


def _kill_kernels_of(tmp_path: Path) -> None:
    """Stop any kernel the killed render left running (its command line names tmp_path)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(tmp_path).encode() in cmdline and int(proc.name) != os.getpid():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(proc.name), signal.SIGKILL)


@pytest.mark.parametrize("meta", ["[" * 100_000 + "]" * 100_000, "{ not JSON", "[]",
                                  '{"files": {"html": "report.html"}}', " " * (2 << 20)])
def test_a_folder_with_a_foreign_meta_json_is_not_replaced(tmp_path: Path, meta: str) -> None:
    folder = tmp_path / "all-dates"
    folder.mkdir()
    (folder / "meta.json").write_text(meta, encoding="utf-8")
    with pytest.raises(ConfigError, match="not a claimbook report"):
        folders.check_report_folder(folder, tmp_path / "data", tmp_path)
    with pytest.raises(ConfigError, match="not a claimbook report"):
        folders.publish(files_of(1), folder)
    assert [p.name for p in folder.iterdir()] == ["meta.json"]
