"""A batch's mail is bounded and interruptible, and leaks nothing: one deadline for the whole
conversation with the SMTP server (`--mail-timeout`; a server answering one byte every few
seconds is given up at it, and the batch keeps its own exit code); SIGTERM while the mail is
being sent ends the batch at once, with the batch's own exit code (its reports are published);
the SMTP credentials reach no kernel and no worker (a notebook that prints its environment,
and its parent's, shows neither); every mail option that reaches a header or a line of the
mail refuses line breaks, naming the option.

Real servers on 127.0.0.1: aiosmtpd for mail that arrives, a socket that trickles its greeting.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from claimbook.errors import ConfigError
from claimbook.publish.mail import Mail
from conftest import cli_argv, run_cli, run_cli_process
from mailserver import Inbox
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
    out = copy_of(rendered, tmp_path)
    done = run_cli_process(*batch_args(out, trickle.port, "--mail-timeout", "3"), timeout=GUARD)
    assert trickle.connected.is_set()
    assert done.returncode == 0, done.stderr  # the batch's own exit code
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


PRINT_ENVIRONMENT = """import json, os
print(json.dumps({"kernel": dict(os.environ),
                  "parent": open(f"/proc/{os.getppid()}/environ", "rb").read().decode(
                      "utf-8", "replace").split("\\0")}))"""


@pytest.mark.slow
def test_kernels_and_workers_never_see_the_smtp_credentials(smtp: tuple[Inbox, int],
                                                           tmp_path: Path) -> None:
    """Two reports in two worker processes; each kernel prints its environment and its parent
    (the worker)'s; the mail still logs in with the credentials."""
    inbox, port = smtp
    real = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in real.cells if "parameters" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("Written for tests/publish/test_mail_bounded.py."),
        params, nbformat.v4.new_code_cell(PRINT_ENVIRONMENT)], metadata=real.metadata)
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "environment.ipynb")
    out = tmp_path / "reports"
    args = batch_args(out, port, "--format", "ipynb", "-j", "2", "--from", "2025-04",
                      "--to", "2025-05")
    args[args.index("--notebook") + 1] = str(notebooks / "environment.ipynb")
    del args[args.index("--period"):args.index("--period") + 2]
    done = run_cli_process(*args, timeout=GUARD, env={"CLAIMBOOK_SMTP_USER": "ops",
                                                      "CLAIMBOOK_SMTP_PASSWORD": SECRET})
    assert done.returncode == 0, done.stderr
    assert inbox.logins == [("ops", SECRET)] and len(inbox.messages) == 1
    for month in ("2025-04", "2025-05"):
        executed = nbformat.read(out / f"environment_{month}" / "report.ipynb", as_version=4)
        printed = json.loads("".join(o.get("text", "") for o in executed.cells[-1].outputs))
        assert "PATH" in printed["kernel"] and any(v.startswith("PATH=")
                                                   for v in printed["parent"])
        assert not [k for k in printed["kernel"] if k.startswith("CLAIMBOOK_SMTP_")]
        assert not [v for v in printed["parent"] if v.startswith("CLAIMBOOK_SMTP_")]
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
