"""Commands that write the tables take turns: each holds an exclusive lock on the data folder
from before it reads the tables until it has written them, so concurrent `import`, `accept`,
`add-source` and `convert` runs each keep their work and say what they did; with `--wait 0`
against a held lock they exit 3 naming the holder and change nothing; readers never wait.

Concurrent writers and a writer that waits are real processes; a lock held by another process
(`held_elsewhere`, a small Python process that only holds it) is met by commands run in-process,
and one real writer process shows the exit status 3."""

from __future__ import annotations

import csv
import fcntl
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimbook import store
from claimbook.sources import register, review
from conftest import cli_argv, run_cli
from store.test_validation import snapshot

N = 3  # concurrent writers, each a whole `claimbook` process (3 of them lose claims without the lock)
TIMEOUT = 300
CURATED = 22  # claims in the shipped data folder


def run_together(commands: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess]:
    """Start every command at once, then wait for all of them."""
    procs = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, stdin=subprocess.DEVNULL) for c in commands]
    done = []
    for p, c in zip(procs, commands, strict=True):
        out, err = p.communicate(timeout=TIMEOUT)
        done.append(subprocess.CompletedProcess(c, p.returncode, out, err))
    return done


@contextmanager
def held(folder: Path) -> Iterator[None]:
    """The data folder's write lock held by this process, as another writer would hold it."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield
    finally:
        os.close(fd)


HOLD = ("import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY | os.O_DIRECTORY); "
        "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()")


@contextmanager
def held_elsewhere(folder: Path) -> Iterator[int]:
    """The data folder's write lock held by another process (its pid yielded) until the block
    ends, as another writer would hold it: a command run in-process then meets a holder that is
    not itself."""
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout is not None and p.stdout.readline() == "held\n"
        yield p.pid
    finally:
        p.communicate(timeout=TIMEOUT)  # its stdin closes: it exits, the lock goes with it


def one_row_file(path: Path, k: int) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["claim", "claimant", "claim_type", "url", "date"])
        w.writerow([f"Claim number {k} from the wire.", "Wire service", "statement",
                    f"https://example.org/{k}", "2025-07"])
    return path


def test_concurrent_imports_keep_every_claim(data_copy: Path, tmp_path: Path) -> None:
    files = [one_row_file(tmp_path / f"wire-{k}.csv", k) for k in range(N)]
    done = run_together([cli_argv("import", "--data", str(data_copy), str(f)) for f in files],
                        tmp_path)
    for r in done:
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("imported 1 claims"), r.stdout
    claims = store.load(data_copy).claims
    assert len(claims) == CURATED + N, "every import's claim is kept"
    assert {f"Claim number {k} from the wire." for k in range(N)} <= set(claims["claim"])


ARTICLE_LINE = "The ministry said that {k} drones were shot down on 2 September 2025."


@pytest.fixture
def reviews(data_copy: Path, tmp_path: Path) -> list[Path]:
    """N review files, each keeping one different quote of one registered source."""
    text = " ".join(ARTICLE_LINE.format(k=k + 10) for k in range(N)) + "\n"
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    src = register.add_source(data_copy, article, title="Wire", publisher="Wire service")
    files = []
    for k in range(N):
        quote = ARTICLE_LINE.format(k=k + 10)
        start = text.index(quote)
        row = {c: "" for c in review.REVIEW_COLUMNS} | {
            "candidate_id": "K001", "mention": "1", "keep": "yes", "claim": quote,
            "claimant": "Ukraine Ministry of Defence", "claimant_type": "government",
            "claim_type": "event_report", "date": "2025-09-02", "doc_id": src.doc_id,
            "start": str(start), "end": str(start + len(quote)), "quote": quote}
        path = tmp_path / f"review-{k}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(review.REVIEW_COLUMNS), lineterminator="\n")
            w.writeheader()
            w.writerow(row)
        files.append(path)
    return files


def test_concurrent_accepts_get_distinct_ids_and_say_truly_what_they_added(
        data_copy: Path, tmp_path: Path, reviews: list[Path]) -> None:
    done = run_together([cli_argv("accept", "--data", str(data_copy), str(f)) for f in reviews],
                        tmp_path)
    said = {}
    for k, r in enumerate(done):
        assert r.returncode == 0, r.stderr
        m = re.match(r"accepted 1 claims \((C\d+)–\1\) and 1 mentions", r.stdout)
        assert m, r.stdout
        said[k] = m.group(1)
    assert len(set(said.values())) == N, f"distinct ids: {said}"
    data = store.load(data_copy)  # valid: no duplicate claim_id
    assert len(data.claims) == CURATED + N
    text = data.claims.set_index("claim_id")["claim"]
    for k, claim_id in said.items():
        assert text[claim_id] == ARTICLE_LINE.format(k=k + 10), "each message names its claim"


def writing_commands(data: Path, tmp_path: Path) -> dict[str, list[str]]:
    other = tmp_path / "other.txt"
    other.write_text("Another document, registered while the folder is locked.\n", "utf-8")
    return {
        "import": ["import", "--data", str(data), str(one_row_file(tmp_path / "one.csv", 1))],
        "accept": ["accept", "--data", str(data), str(tmp_path / "review-0.csv")],
        "add-source": ["add-source", "--data", str(data), str(other), "--title", "Other"],
        "convert": ["convert", "--data", str(data), "--to", "parquet"],
    }


@pytest.mark.parametrize("command", ["import", "accept", "add-source", "convert"])
def test_a_writer_given_wait_0_exits_3_naming_the_holder_and_changes_nothing(
        data_copy: Path, tmp_path: Path, reviews: list[Path], command: str) -> None:
    args = writing_commands(data_copy, tmp_path)[command]
    before = snapshot(data_copy)
    with held_elsewhere(data_copy) as holder:
        r = run_cli(*args, "--wait", "0")
    assert r.exit_code == 3, r.output
    assert f"pid {holder}" in r.stderr, r.stderr
    assert "--wait" in r.stderr
    assert snapshot(data_copy) == before


def test_a_writer_process_given_wait_0_exits_3(data_copy: Path, tmp_path: Path) -> None:
    """The same as a process of its own: exit status 3, the holder named, no traceback."""
    args = writing_commands(data_copy, tmp_path)["import"]
    before = snapshot(data_copy)
    with held(data_copy):
        r = subprocess.run(cli_argv(*args, "--wait", "0"), cwd=tmp_path, capture_output=True,
                           text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert r.returncode == 3, r.stderr
    assert f"pid {os.getpid()}" in r.stderr, r.stderr
    assert "--wait" in r.stderr and "Traceback" not in r.stderr
    assert snapshot(data_copy) == before


def test_a_writer_waits_for_the_lock_then_writes(data_copy: Path, tmp_path: Path) -> None:
    args = ["import", "--data", str(data_copy), str(one_row_file(tmp_path / "one.csv", 1)),
            "--wait", "60"]
    with held(data_copy):
        p = subprocess.Popen(cli_argv(*args), cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
        with pytest.raises(subprocess.TimeoutExpired):
            p.wait(timeout=3)  # still waiting while the lock is held
    out, err = p.communicate(timeout=TIMEOUT)
    assert p.returncode == 0, err
    assert len(store.load(data_copy).claims) == CURATED + 1


def test_readers_do_not_wait_for_the_lock(data_copy: Path, tmp_path: Path) -> None:
    with held_elsewhere(data_copy):
        for args in (["validate"], ["claims", "--period", "2025"],
                     ["export", "--period", "2025", "--out", str(tmp_path / "x.csv")]):
            r = run_cli(*args, "--data", str(data_copy))
            assert r.exit_code == 0, (args, r.output)


def test_the_lock_leaves_no_file_in_the_data_folder(data_copy: Path, tmp_path: Path) -> None:
    before = {p.name for p in data_copy.iterdir()}
    r = run_cli("import", "--data", str(data_copy), str(one_row_file(tmp_path / "one.csv", 1)))
    assert r.exit_code == 0, r.output
    assert {p.name for p in data_copy.iterdir()} == before | {"claims.csv.bak"}
