"""A batch's mail is bounded and interruptible, and leaks nothing: one deadline for the whole
conversation with the SMTP server (`--mail-timeout`; a server answering one byte every few
seconds is given up at it, and the batch keeps its own exit code); SIGTERM while the mail is
being sent ends the batch at once, with the batch's own exit code (its reports are published);
every mail option that reaches a header or a line of the mail refuses line breaks, naming the
option. That the SMTP credentials reach no kernel and no worker is shown by the -j 3 batch of
tests/publish/test_batch.py, which mails its summary (its kernels write down their environment
and their worker's).

A real server on 127.0.0.1: a socket that trickles its greeting.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.publish.mail import Mail
from conftest import cli_argv, run_cli
from places import DATA, NOTEBOOK, ROOT

SECRET = "s3cret-smtp-password-for-the-test"
GUARD = 240  # seconds: only so that a hung batch fails the test instead of hanging it


class Trickle:
    """An SMTP server that answers one byte every `every` seconds, for ever: its greeting
    never ends. `connected` is set once a client is talking to it."""

    def __init__(self, every: float = 2.0) -> None:
        self.every = every
        self.connected = threading.Event()
        self.stop = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.settimeout(0.2)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        self.connected.set()
        with conn:
            for byte in iter(lambda: b"2", None):  # "2222...": a reply line that never ends
                if self.stop.wait(self.every):
                    return
                try:
                    conn.sendall(byte)
                except OSError:
                    return

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    server = Trickle()
    try:
        yield server
    finally:
        server.close()


def batch_args(out: Path, port: int, *args: str) -> list[str]:
    return ["batch", "--data", str(DATA), "--reports-dir", str(out), "--notebook", str(NOTEBOOK),
            "--format", "html", "--period", "2025-07", "--mail-to", "analysts@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port), *args]


@pytest.fixture
def rendered(july_reports: Path) -> Path:
    """A reports folder whose July 2025 report is up to date (conftest.july_reports, made by
    these tests' batch without its mail options): a batch on a copy of it renders nothing and
    goes straight to its mail."""
    return july_reports


def copy_of(rendered: Path, tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    shutil.copytree(rendered, out, symlinks=True)
    return out


@pytest.mark.parametrize(("option", "value"), [
    ("--mail-link", "https://reports.example.org/\r\nBcc: all@example.org"),
    ("--mail-link", "https://reports.example.org/\nClick here: https://evil.example"),
    ("--mail-to", "analysts@example.org\r\nBcc: all@example.org"),
    ("--mail-from", "claimbook@localhost\nSubject: pwned"),
    ("--smtp-host", "127.0.0.1\r\nX: y"),
])
def test_a_mail_option_with_a_line_break_is_refused_naming_the_option(
        option: str, value: str, tmp_path: Path) -> None:
    args = {"--mail-to": "analysts@example.org", "--smtp-host": "127.0.0.1", option: value}
    result = run_cli("batch", "--data", str(DATA), "--reports-dir", str(tmp_path / "r"),
                     "--period", "2025-07", *[x for kv in args.items() for x in kv])
    assert result.exit_code == 2, result.output
    assert f"claimbook: {option}: " in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "r").exists()  # refused before anything was made
    with pytest.raises(ConfigError, match=option):  # the Python API checks the same
        Mail(to=(args["--mail-to"],), host=args["--smtp-host"], sender=args.get(
            "--mail-from", "claimbook@localhost"), link_base=args.get("--mail-link", ""))


def test_a_mail_timeout_that_is_no_deadline_is_refused(tmp_path: Path) -> None:
    for value in ("0", "-1", "inf", "nan"):
        result = run_cli("batch", "--data", str(DATA), "--reports-dir", str(tmp_path / "r"),
                         "--period", "2025-07", "--mail-to", "a@example.org", "--smtp-host", "h",
                         "--mail-timeout", value)
        assert result.exit_code == 2 and "--mail-timeout: " in result.stderr, result.output


def test_given_up_the_conversation_ends_too(tmp_path: Path) -> None:
    """At the deadline the connection is cut even while the server's greeting is being read:
    no thread is left talking to the server (in a long-lived process it would, for ever: a
    byte every 0.3 s never lets the 1 s socket timeout fire)."""
    from claimbook.publish.batch import Outcome, Summary
    from claimbook.publish.mail import send

    trickle = Trickle(every=0.3)
    try:
        mail = Mail(to=("analysts@example.org",), host="127.0.0.1", port=trickle.port,
                    timeout=1)
        assert send(mail, Summary([Outcome("2025-07", "rendered")]), tmp_path) is False
        assert trickle.connected.is_set()
        deadline = time.monotonic() + 30  # a guard: the server would trickle for ever
        while any(t.name == "claimbook-mail" for t in threading.enumerate()):
            assert time.monotonic() < deadline, "the mail's thread still talks to the server"
            time.sleep(0.05)
    finally:
        trickle.close()


@pytest.mark.slow
def test_a_server_that_trickles_is_given_up_at_the_deadline(
        trickle: Trickle, rendered: Path, tmp_path: Path) -> None:
    """In-process: the deadline and the exit code are the CLI's (the batch as a process of its
    own, with its mail cut short, is the SIGTERM test below)."""
    out = copy_of(rendered, tmp_path)
    done = run_cli(*batch_args(out, trickle.port, "--mail-timeout", "3"))
    assert trickle.connected.is_set()
    assert done.exit_code == 0, done.output  # the batch's own exit code
    assert ("mail: could not send the batch's mail to analysts@example.org via 127.0.0.1:"
            f"{trickle.port}: the server did not finish within 3 s (--mail-timeout)"
            in done.stderr)
    assert (out / "2025-07" / "report.html").is_file()


@pytest.mark.slow
def test_sigterm_while_the_mail_is_sent_ends_the_batch(trickle: Trickle, rendered: Path,
                                                       tmp_path: Path) -> None:
    out = copy_of(rendered, tmp_path)
    report = (out / "2025-07" / "report.html").read_bytes()
    process = subprocess.Popen(cli_argv(*batch_args(out, trickle.port, "--mail-timeout", "600")),
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True)
    try:
        assert trickle.connected.wait(GUARD), "the batch never started its mail"
        time.sleep(1)  # well inside the conversation: the server has sent a byte or none
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr  # the batch's own: its reports are published
    assert (f"mail: not sent to analysts@example.org via 127.0.0.1:{trickle.port}: "
            "interrupted by SIGTERM") in stderr
    assert "Traceback" not in stderr
    assert (out / "2025-07" / "report.html").read_bytes() == report
