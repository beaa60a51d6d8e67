"""One e-mail when a batch finishes: what it did, what failed and why, the reports attached or
linked, through the SMTP server the operator names.

The server is named on the command line (host, port, STARTTLS); its user name and password come
only from the environment (CLAIMBOOK_SMTP_USER, CLAIMBOOK_SMTP_PASSWORD), never from the command
line, where `ps` and shell histories would show them. A mail that cannot be sent is logged and
changes nothing else: the batch exits with its own code.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook.claims.control_chars import CONTROLS
from claimbook.errors import ConfigError

if TYPE_CHECKING:
    from claimbook.publish.batch import Summary

log = logging.getLogger("claimbook")
USER_VAR, PASSWORD_VAR = "CLAIMBOOK_SMTP_USER", "CLAIMBOOK_SMTP_PASSWORD"
SMTP_TIMEOUT = 30.0  # seconds: a server that does not answer does not hold the batch for long
MAX_ATTACHED = 20 * 1024 * 1024  # bytes of reports attached; past it the rest are linked
ERROR_LINES = 5  # of each failure's message


_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+$")


def check_address(option: str, address: str) -> None:
    """A plain address (name@host), or ConfigError: a newline in it would add mail headers."""
    if not _ADDRESS.match(address) or CONTROLS.search(address):
        raise ConfigError(f"{option}: {address!r} is not an e-mail address (name@host)")


@dataclass(frozen=True)
class Mail:
    """Where and how to send the batch's mail."""

    to: tuple[str, ...]
    host: str
    port: int = 25
    starttls: bool = False
    sender: str = "claimbook@localhost"
    attach: bool = True  # the HTML of each rendered report; else only their paths (or links)
    link_base: str = ""  # e.g. https://reports.example.org/ : rows link there instead


def message(mail: Mail, summary: Summary, reports_dir: Path) -> EmailMessage:
    """The mail of one finished batch: summary, rendered reports, failures with their error
    lines; each rendered report's HTML attached (up to MAX_ATTACHED bytes) or linked."""
    msg = EmailMessage()
    failed = summary.count("failed")
    msg["Subject"] = (f"claimbook batch {'FAILED' if failed else 'done'}: "
                      f"{summary.line().removeprefix('batch: ')}")
    msg["From"], msg["To"] = mail.sender, ", ".join(mail.to)
    lines = [summary.line(), f"Reports folder: {reports_dir}", ""]
    rendered = [o for o in summary.outcomes if o.status == "rendered"]
    where = (lambda name: f"{mail.link_base.rstrip('/')}/{name}/report.html") if mail.link_base \
        else (lambda name: str(reports_dir / name / "report.html"))
    lines.append(f"Rendered ({len(rendered)}):")
    lines += [f"  {o.name}: {where(o.name)}" for o in rendered] or ["  none"]
    fails = [o for o in summary.outcomes if o.status == "failed"]
    if fails:
        lines += ["", f"Failed ({len(fails)}):"]
        for o in fails:
            lines.append(f"  {o.name}:")
            lines += [f"    {line}" for line in (o.message or "").splitlines()[:ERROR_LINES]]
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


def send(mail: Mail, summary: Summary, reports_dir: Path) -> bool:
    """Send the batch's mail; False (and an error logged) if it could not be sent."""
    user, password = os.environ.get(USER_VAR), os.environ.get(PASSWORD_VAR)
    try:
        msg = message(mail, summary, reports_dir)
        with smtplib.SMTP(mail.host, mail.port, timeout=SMTP_TIMEOUT) as smtp:
            if mail.starttls:
                smtp.starttls()
            if user:
                smtp.login(user, password or "")
            smtp.send_message(msg)
    except (TimeoutError, OSError, smtplib.SMTPException) as e:
        log.error("mail: could not send the batch's mail to %s via %s:%d: %s",
                  ", ".join(mail.to), mail.host, mail.port, e or type(e).__name__)
        return False
    log.info("mail: sent to %s via %s:%d", ", ".join(mail.to), mail.host, mail.port)
    return True
