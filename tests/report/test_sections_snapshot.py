"""A report is made from one state of the data.

An `accept` while a report renders must not give a page headline, a meta.json and a
selection.csv that disagree with each other or with the tables, nor a published report whose
fingerprint says it is up to date with data it never showed. The notebook used here pauses
before its first read of the tables until the test has changed them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from claimbook import store
from claimbook.claims import summary
from claimbook.claims.dates import parse_period
from conftest import cli_argv, read_csv_rows, run_cli
from places import FIXTURES, NOTEBOOK, ROOT

WIRE = FIXTURES / "articles" / "wire.txt"
PERIOD = "2025-09"

pytestmark = pytest.mark.slow

# Pauses the first CB_PAUSES runs of the notebook, each until the test creates `<n>.go`.
PAUSE_CELL = """import os, pathlib, time
prefix = os.environ.get("CB_PAUSE", "")
n = 1
while prefix and pathlib.Path(f"{prefix}{n}").exists():
    n += 1
if prefix and n <= int(os.environ.get("CB_PAUSES", "1")):
    pathlib.Path(f"{prefix}{n}").write_text("paused")
    deadline = time.monotonic() + 120
    while not pathlib.Path(f"{prefix}{n}.go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)"""


@pytest.fixture
def world(tmp_path: Path, data_copy: Path) -> dict[str, Path]:
    """A data folder with a registered wire story and three review files of its claims (one
    claim each, to accept one after another), a pausing notebook and a private TMPDIR."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(PAUSE_CELL))  # before the kernel reads a table
    notebook = tmp_path / "nb" / "claims_report.ipynb"
    notebook.parent.mkdir()
    nbformat.write(nb, notebook)
    added = run_cli("add-source", str(WIRE), "--data", str(data_copy), "--title", "Wire story",
                    "--publisher", "Reuters", "--published", "2025-09-17")
    assert added.exit_code == 0, added.output
    doc_id = added.stdout.split()[1].rstrip(":")
    review = tmp_path / "review.csv"
    assert run_cli("extract", doc_id, "--data", str(data_copy), "--out", str(review)).exit_code == 0
    with open(review, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = list(reader.fieldnames or []), list(reader)
    world = {"data": data_copy, "notebook": notebook, "reports": tmp_path / "reports",
             "pause": tmp_path / "pause-", "tmp": tmp_path / "tmp"}
    world["tmp"].mkdir()
    # in 2025-09: two claims dated in September, one undated
    for i, candidate in enumerate(("K001", "K003", "K004"), 1):
        with open(tmp_path / f"review-{i}.csv", "w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows({**r, "keep": "yes" if r["candidate_id"] == candidate else "no"}
                        for r in rows)
        world[f"review-{i}"] = tmp_path / f"review-{i}.csv"
    return world


def start(world: dict[str, Path], command: str, pauses: int) -> subprocess.Popen[str]:
    """`render` (or a `batch`, which makes the same report) as a process of its own,
    paused until the notebook's `pauses`-th run (counted over this test's runs) while this test
    changes the tables."""
    env = {**os.environ, "TMPDIR": str(world["tmp"]), "CB_PAUSE": str(world["pause"]),
           "CB_PAUSES": str(pauses)}
    period = ("--period", PERIOD) if command == "render" else (
        "--from", PERIOD, "--to", PERIOD, "--undated", "list")  # the report `render` makes
    return subprocess.Popen(
        cli_argv(command, *period, "--reports-dir", str(world["reports"]),
                 "--data", str(world["data"]), "--notebook", str(world["notebook"]),
                 "--format", "html"),
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def batch(world: dict[str, Path]) -> str:
    """The next `batch` of the period, once the renders are over (in-process: nothing runs
    beside it, and its notebook does not pause); it must succeed. Returns what it said on
    stderr."""
    done = run_cli("batch", "--from", PERIOD, "--to", PERIOD, "--reports-dir",
                   str(world["reports"]), "--undated", "list",  # the report `render` makes
                   "--data", str(world["data"]), "--notebook", str(world["notebook"]),
                   "--format", "html")
    assert done.exit_code == 0, done.output
    return done.stderr


def during_pause(world: dict[str, Path], proc: subprocess.Popen[str], n: int,
                 change: Callable[[], None]) -> None:
    """Wait until the notebook's n-th run pauses, `change` the tables, let the run go on."""
    marker = Path(f"{world['pause']}{n}")
    deadline = time.monotonic() + 180
    while not marker.exists():
        assert proc.poll() is None, f"the run ended before pause {n}: {proc.stderr.read()}"  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"the notebook never reached pause {n}"
        time.sleep(0.05)
    change()
    Path(f"{marker}.go").write_text("go")


def accept(world: dict[str, Path], n: int) -> Callable[[], None]:
    """`accept` of review n: a new claims table renamed into place (a new file identity)."""

    def change() -> None:
        accepted = run_cli("accept", str(world[f"review-{n}"]), "--data", str(world["data"]))
        assert accepted.exit_code == 0, accepted.output

    return change


def finish(proc: subprocess.Popen[str]) -> str:
    try:
        _, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)
    return err


def tables_counts(data: Path) -> dict[str, int]:
    """What the tables hold now for the period, counted as a report counts them."""
    period = parse_period(PERIOD)
    start, end = period.start, period.end
    keys = store.read_keys(data, start, end, (), (), ())
    mentions, _ = store.read_mentions_documents(data)
    return summary.headline(keys, summary.group_codes(keys, start, end), mentions, start=start,
                            end=end)


def assert_agrees_with_itself_and_the_tables(world: dict[str, Path]) -> dict:
    folder = world["reports"] / PERIOD
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    page = (folder / "report.html").read_text(encoding="utf-8")
    shown = {k: int(v.replace(",", ""))
             for k, v in re.findall(r'data-count="(\w+)">([\d,]+)<', page)}
    assert shown and shown == {k: meta["counts"][k] for k in shown}, "page vs meta.json"
    with open(folder / "selection.csv", encoding="utf-8-sig", newline="") as f:
        listed = list(csv.DictReader(f))
    c = meta["counts"]
    assert len(listed) == c["in_range"] + c["imprecise"] + c["undated"], "selection.csv vs counts"
    assert c == tables_counts(world["data"]), "the report vs the tables it was made from"
    meta["listed"] = listed
    return meta


def in_place_rewrite(path: Path, old: str, new: str) -> None:
    """Rewrite `path` in place as another program might: the same file (inode), the same size,
    its modification time put back, so only its bytes tell the change."""
    assert len(old.encode()) == len(new.encode())
    before = path.stat()
    data = path.read_bytes()
    assert data.count(old.encode()) == 1
    with open(path, "r+b") as f:
        f.write(data.replace(old.encode(), new.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns)


def test_data_changing_during_every_attempt_fails_and_the_next_render_publishes_one_state(
        world: dict[str, Path]) -> None:
    """A batch whose tables change during each of its report's 3 attempts (on its warm
    kernel) -- an `accept` (a new file renamed into place) in the first two, an in-place
    rewrite with the same identity (same inode, size and modification time: only the bytes
    tell) in the last -- fails that report and publishes nothing of mixed data. The next
    render (a new kernel per attempt), during whose first attempt another claim is accepted,
    renders again and publishes one state: the page, meta.json and selection.csv agree with
    each other and with the tables (the accepted claim and the rewritten text are in it), and
    its fingerprint is of what it shows: the batch after it finds it up to date. (One world
    for the three cases that three tests once rendered apart.)"""
    from claimbook.publish import fingerprint

    claims = world["data"] / "claims.csv"
    undated = next(r for r in read_csv_rows(claims)[1] if not r["date"])  # listed in 2025-09
    old = undated["claim"]
    new = ("X" if old[0] != "X" else "Y") + old[1:]

    proc = start(world, "batch", pauses=4)  # pauses 1-3: its attempts; 4: the next render's
    during_pause(world, proc, 1, accept(world, 1))  # K001, dated in September
    during_pause(world, proc, 2, accept(world, 3))  # K004, undated
    during_pause(world, proc, 3, lambda: in_place_rewrite(claims, old, new))
    err = finish(proc)
    assert proc.returncode == 1, err
    assert "0 up to date, 1 to render" in err and "batch: 0 rendered, 0 skipped, 1 failed" in err
    assert "changed during each of 3 attempts" in err and "Traceback" not in err
    assert not (world["reports"] / PERIOD).exists(), "a report of mixed data was published"

    # the next render renders from the data as it is, and again when a claim is accepted
    # during its first attempt
    before = tables_counts(world["data"])
    proc = start(world, "render", pauses=4)
    during_pause(world, proc, 4, accept(world, 2))  # K003, dated in September
    err = finish(proc)
    assert proc.returncode == 0, err
    meta = assert_agrees_with_itself_and_the_tables(world)
    assert meta["counts"]["in_range"] == before["in_range"] + 1  # the accepted claim is in it
    assert new in {r["claim"] for r in meta.pop("listed")}, "the in-place rewrite is in it"
    assert not list(world["tmp"].iterdir()), "temporary files left behind"
    meta["folder"] = PERIOD
    assert fingerprint.is_stale(meta) is False, "the published fingerprint is not of what it shows"
    # The report shows the data as it is now: a batch rightly takes it for up to date.
    assert "1 up to date, 0 to render" in batch(world)


def test_every_table_write_is_a_new_file(world: dict[str, Path]) -> None:
    """What lets the snapshot check trust file identities: `accept` (as every table write of
    claimbook) writes a new file and renames it into place, so the inode changes."""
    tables = [world["data"] / name for name in ("claims.csv", "mentions.csv")]
    before = [p.stat().st_ino for p in tables]
    accepted = run_cli("accept", str(world["review-1"]), "--data", str(world["data"]))
    assert accepted.exit_code == 0, accepted.output
    assert all(p.stat().st_ino != ino for p, ino in zip(tables, before, strict=True))


def test_an_unchanged_render_hashes_its_selection_once(data_copy: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The selection's digest (seconds and half a gigabyte for a million claims) is taken once,
    before reading; the check after the run compares identities and table bytes instead."""
    from claimbook.params import RenderConfig, ReportParams
    from claimbook.publish import digest, fingerprint, render

    calls = []
    hashed = digest.selection_digest

    def counted(params: ReportParams) -> str:
        calls.append(hashed(params))
        return calls[-1]

    monkeypatch.setattr(digest, "selection_digest", counted)
    cfg = RenderConfig(params=ReportParams.build(data_dir=str(data_copy), start=PERIOD,
                                                 end=PERIOD),
                       formats=("html",), notebook=NOTEBOOK, reports_dir=tmp_path / "reports")
    result = render.render_files(cfg)
    assert result.ok, result.message
    assert len(calls) == 1
    # the kernel is handed the digest for the page's provenance instead of hashing again
    nb = nbformat.reads(result.files["report.ipynb"].decode("utf-8"), as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert f'digest = "{calls[0]}"' in injected.source
    page = result.files["report.html"].decode("utf-8")
    assert re.search(r'<code class="fingerprint">(\w+)</code>', page).group(1) == calls[0]
    meta = json.loads(result.files["meta.json"])
    assert meta["fingerprint"] == fingerprint.fingerprint(cfg)
