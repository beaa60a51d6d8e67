"""A batch sends one e-mail when it finishes (summary, reports rendered, failures with their
error lines, the HTML attached) through the SMTP server the operator names, with credentials
from the environment only; a server that is down is logged and the batch keeps its exit code."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli, run_cli_process
from mailserver import Inbox, free_port
from places import DATA, NOTEBOOK

pytestmark = pytest.mark.slow


def mail_batch(out: Path, port: int) -> tuple[str, ...]:
    """The command line of a batch of July 2025 that mails analysts@example.org."""
    return ("batch", "--data", str(DATA), "--reports-dir", str(out), "--notebook", str(NOTEBOOK),
            "--format", "html", "--period", "2025-07", "--mail-to", "analysts@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port))


def batch(out: Path, port: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The batch as a process: the credentials come from its environment (`main` takes them
    out of it before any kernel or worker starts)."""
    return run_cli_process(*mail_batch(out, port), env=env)


def test_a_finished_batch_mails_its_summary_and_reports(smtp: tuple[Inbox, int],
                                                        tmp_path: Path) -> None:
    inbox, port = smtp
    done = batch(tmp_path / "r", port, env={"CLAIMBOOK_SMTP_USER": "ops",
                                            "CLAIMBOOK_SMTP_PASSWORD": "s3cret"})
    assert done.returncode == 0, done.stderr
    assert len(inbox.messages) == 1 and inbox.logins == [("ops", "s3cret")]
    mail = inbox.messages[0]
    assert mail["To"] == "analysts@example.org"
    assert mail["Subject"].startswith("claimbook batch done: 1 rendered, 0 skipped, 0 failed")
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(
        decode=True).decode()
    assert "2025-07: " in body and "report.html" in body
    attached = [p for p in mail.walk() if p.get_filename() == "2025-07.html"]
    assert attached and b"Claims report: July 2025" in attached[0].get_payload(decode=True)


def test_a_failed_report_is_in_the_mail_with_its_error_lines(smtp: tuple[Inbox, int],
                                                             tmp_path: Path) -> None:
    inbox, port = smtp
    out = tmp_path / "r"
    (out / "2025-07").mkdir(parents=True)
    from claimbook.publish.folders import LOCK_FILE

    (out / LOCK_FILE).touch()  # a folder a batch ran in: claimbook's
    (out / "2025-07" / "notes.txt").write_text("not a report")  # its folder is not ours: fails
    done = run_cli(*mail_batch(out, port))  # in-process: no credentials, nothing rendered
    assert done.exit_code == 1, done.output
    mail = inbox.messages[0]
    assert "FAILED" in mail["Subject"]
    body = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(
        decode=True).decode()
    assert "Failed (1):" in body and "2025-07:" in body and "refus" in body


def test_a_server_that_is_down_is_logged_and_the_exit_code_stays(july_reports: Path,
                                                                 tmp_path: Path) -> None:
    """On a copy of an up-to-date July report (the batch's own result, exit 0, comes without a
    render); in-process: the exit code is the CLI's."""
    out = tmp_path / "r"
    shutil.copytree(july_reports, out, symlinks=True)
    done = run_cli(*mail_batch(out, free_port()))
    assert done.exit_code == 0, done.output
    assert "batch: 0 rendered, 1 skipped, 0 failed" in done.stderr
    assert "mail: could not send the batch's mail to analysts@example.org via 127.0.0.1" \
        in done.stderr
    assert (out / "2025-07" / "report.html").is_file()


def test_credentials_are_not_options() -> None:
    from claimbook.cli import cli

    names = {o for p in cli.commands["batch"].params for o in getattr(p, "opts", [])}
    assert not {n for n in names if "password" in n or "user" in n}
