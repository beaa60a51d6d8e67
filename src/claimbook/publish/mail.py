"""One e-mail when a batch finishes: what it did, what failed and why, the reports attached or
linked, through the SMTP server the operator names.

The server is named on the command line (host, port, STARTTLS); its user name and password come
only from the environment (CLAIMBOOK_SMTP_USER, CLAIMBOOK_SMTP_PASSWORD), never from the command
line, where `ps` and shell histories would show them. The command line takes them out of its
environment as it starts (`take_credentials`), so no kernel or worker process it starts inherits
them: a report notebook that prints its environment cannot publish the password.

Sending has one deadline for the whole conversation (`--mail-timeout`): a socket timeout alone
restarts with every byte, and a server answering one byte every 20 s held a batch for minutes.
The conversation runs in a thread; the caller waits in short steps, so SIGTERM or Ctrl-C stops
it at once (the connection is cut, the interruption propagates; `batch` then exits with its
own code: its reports and index are published). A mail that cannot be sent in time, or at
all, is logged and changes nothing else: the batch exits with its own code.

Every option that reaches a header or a line of the mail refuses line breaks and other control
characters (`Mail` checks them, for the command line and the Python API alike).
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import signal
import smtplib
import socket
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook.claims.control_chars import CONTROLS, MARK
from claimbook.errors import ConfigError

if TYPE_CHECKING:
    from claimbook.publish.batch import Summary

log = logging.getLogger("claimbook")
USER_VAR, PASSWORD_VAR = "CLAIMBOOK_SMTP_USER", "CLAIMBOOK_SMTP_PASSWORD"
TIMEOUT = 120.0  # seconds for the whole conversation with the server, attachments included
MAX_TIMEOUT = 3600.0
MAX_ATTACHED = 20 * 1024 * 1024  # bytes of reports attached; past it the rest are linked
ERROR_LINES = 5  # of each failure's message
WAIT_STEP = 0.2  # seconds between checks for a signal while the mail is being sent

_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")
# what would end a header or a line of the mail: CR, LF, any other control, Unicode line breaks
_LINE_BREAKS = re.compile(f"[\n\r\u2028\u2029]|{CONTROLS.pattern}")
_taken: dict[str, str] = {}  # the credentials this process took out of its environment


def check_address(option: str, address: str) -> None:
    """A plain address (name@host), or ConfigError: a newline in it would add mail headers."""
    if not _ADDRESS.match(address) or _LINE_BREAKS.search(address):
        raise ConfigError(f"{option}: {address!r} is not an e-mail address (name@host)")


def check_line(option: str, value: str) -> None:
    """`value` stays on one line of the mail, or ConfigError naming the option: a line break in
    it would add lines to the body, or headers."""
    found = _LINE_BREAKS.search(value)
    if found:
        raise ConfigError(f"{option}: {value!r} holds a line break or control character "
                          f"({found.group()!r}); give it on one line")


def take_credentials() -> None:
    """Take CLAIMBOOK_SMTP_USER and CLAIMBOOK_SMTP_PASSWORD out of this process's environment
    (kept here for `credentials`): processes started later (kernels, batch workers) do not
    inherit them. The command line does it first thing."""
    for var in (USER_VAR, PASSWORD_VAR):
        value = os.environ.pop(var, None)
        if value is not None:
            _taken[var] = value


def credentials() -> tuple[str | None, str | None]:
    """The SMTP user name and password: those taken from the environment at start, else (the
    Python API) those in it now."""
    return (_taken.get(USER_VAR, os.environ.get(USER_VAR)),
            _taken.get(PASSWORD_VAR, os.environ.get(PASSWORD_VAR)))


@dataclass(frozen=True)
class Mail:
    """Where and how to send the batch's mail; checked when made (ConfigError names the
    option), so a bad option stops a batch before any kernel starts."""

    to: tuple[str, ...]
    host: str
    port: int = 25
    starttls: bool = False
    sender: str = "claimbook@localhost"
    attach: bool = True  # the HTML of each rendered report; else only their paths (or links)
    link_base: str = ""  # e.g. https://reports.example.org/ : rows link there instead
    timeout: float = TIMEOUT  # seconds for the whole conversation with the server

    def __post_init__(self) -> None:  # errors name the command line's options
        if not self.to:
            raise ConfigError("--mail-to: give at least one address")
        for address in self.to:
            check_address("--mail-to", address)
        check_address("--mail-from", self.sender)
        check_line("--smtp-host", self.host)
        check_line("--mail-link", self.link_base)
        if not self.host:
            raise ConfigError("--mail-to: give the SMTP server with --smtp-host HOST")
        if not (isinstance(self.timeout, (int, float)) and math.isfinite(self.timeout)
                and 0 < self.timeout <= MAX_TIMEOUT):
            raise ConfigError(f"--mail-timeout: must be more than 0 and at most "
                              f"{MAX_TIMEOUT:g} seconds, not {self.timeout!r}")


def message(mail: Mail, summary: Summary, reports_dir: Path) -> EmailMessage:
    """The mail of one finished batch: summary, rendered reports, failures with their error
    lines; each rendered report's HTML attached (up to MAX_ATTACHED bytes) or linked."""
    msg = EmailMessage()
    failed = summary.count("failed")
    msg["Subject"] = (f"claimbook batch {'FAILED' if failed else 'done'}: "
                      f"{summary.line().removeprefix('batch: ')}")
    msg["From"], msg["To"] = mail.sender, ", ".join(mail.to)
    lines = [summary.line(), f"Reports folder: {_one_line(str(reports_dir))}", ""]
    rendered = [o for o in summary.outcomes if o.status == "rendered"]
    where = (lambda name: f"{mail.link_base.rstrip('/')}/{name}/report.html") if mail.link_base \
        else (lambda name: _one_line(str(reports_dir / name / "report.html")))
    lines.append(f"Rendered ({len(rendered)}):")
    lines += [f"  {o.name}: {where(o.name)}" for o in rendered] or ["  none"]
    fails = [o for o in summary.outcomes if o.status == "failed"]
    if fails:
        lines += ["", f"Failed ({len(fails)}):"]
        for o in fails:
            lines.append(f"  {o.name}:")
            lines += [f"    {_one_line(line)}"
                      for line in (o.message or "").splitlines()[:ERROR_LINES]]
    lines += ["", f"Up to date, not rendered again: {summary.count('skipped')}"]
    lines += ["", f"Index: {where('').removesuffix('/report.html').rstrip('/')}/index.html"]
    msg.set_content("\n".join(lines) + "\n")
    if mail.attach:
        size = 0
        for o in rendered:
            path = reports_dir / o.name / "report.html"
            if not path.is_file() or size + path.stat().st_size > MAX_ATTACHED:
                continue
            data = path.read_bytes()
            size += len(data)
            msg.add_attachment(data, maintype="text", subtype="html",
                               filename=f"{o.name}.html")
    return msg


def _one_line(text: str) -> str:
    """Text from elsewhere (a path, an error) on one line of the mail: each line break or
    control character in it shown as U+FFFD."""
    return _LINE_BREAKS.sub(MARK, text)


class _Conversation:
    """One SMTP conversation, run in a thread; `cut` ends it from another thread at once."""

    def __init__(self, mail: Mail, msg: EmailMessage) -> None:
        self.mail, self.msg = mail, msg
        self.error: BaseException | None = None
        self._smtp: smtplib.SMTP | None = None
        self._cut = False
        self._lock = threading.Lock()

    def run(self) -> None:
        user, password = credentials()
        smtp = _SMTP(self, timeout=self.mail.timeout)  # connects below, where it can be cut
        self._smtp = smtp
        try:
            smtp.connect(self.mail.host, self.mail.port)
            if self.mail.starttls:
                smtp.starttls()
            if user:
                smtp.login(user, password or "")
            smtp.send_message(self.msg)
            smtp.quit()
        except Exception as e:  # noqa: BLE001 - reported by `send`, which decides
            self.error = e
        finally:
            smtp.close()

    def cut(self) -> None:
        """Shut the connection down: the thread's read or write returns at once."""
        with self._lock:
            self._cut = True
            sock = self._smtp.sock if self._smtp is not None else None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def connected(self, smtp: smtplib.SMTP, sock: socket.socket) -> None:
        """The connection is made (the server's greeting not read yet): from now on `cut`
        shuts it down; if it was cut already, it is closed here."""
        with self._lock:
            if self._cut:
                sock.close()
                raise TimeoutError("the mail was given up while connecting")
            smtp.sock = sock


class _SMTP(smtplib.SMTP):
    """smtplib's client, whose socket its conversation can cut from the moment it exists."""

    def __init__(self, talk: _Conversation, **kwargs: float) -> None:
        self._talk = talk
        super().__init__(**kwargs)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = super()._get_socket(host, port, timeout)
        self._talk.connected(self, sock)
        return sock


def send(mail: Mail, summary: Summary, reports_dir: Path) -> bool:
    """Send the batch's mail within `mail.timeout` seconds; False (and an error logged) if it
    could not be sent. SIGINT or SIGTERM meanwhile cut the connection and propagate."""
    where = f"to {', '.join(mail.to)} via {mail.host}:{mail.port}"
    try:
        msg = message(mail, summary, reports_dir)
    except OSError as e:
        log.error("mail: could not send the batch's mail %s: %s", where, e)
        return False
    talk = _Conversation(mail, msg)
    thread = threading.Thread(target=talk.run, name="claimbook-mail", daemon=True)
    deadline = time.monotonic() + mail.timeout
    try:
        thread.start()
        while thread.is_alive() and time.monotonic() < deadline:
            thread.join(min(WAIT_STEP, max(0.0, deadline - time.monotonic())))
    except BaseException as e:  # interrupted: the conversation ends now, the interruption goes on
        talk.cut()
        signum = getattr(e, "signum", None)
        log.error("mail: not sent %s: interrupted%s", where,
                  f" by {signal.Signals(signum).name}" if signum else "")
        raise
    if thread.is_alive():
        talk.cut()
        thread.join(WAIT_STEP)
        log.error("mail: could not send the batch's mail %s: the server did not finish within "
                  "%g s (--mail-timeout)", where, mail.timeout)
        return False
    if talk.error is not None:
        e = talk.error
        log.error("mail: could not send the batch's mail %s: %s", where,
                  e or type(e).__name__)
        return False
    log.info("mail: sent %s", where)
    return True
