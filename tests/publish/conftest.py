"""Fixtures of the publish tests: an SMTP server on 127.0.0.1 that keeps what it receives, and a
reports folder with an up-to-date July 2025 report made once per test run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from conftest import made_once, run_cli
from mailserver import Inbox, free_port
from places import DATA, NOTEBOOK


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A running server (aiosmtpd) that accepts any login: its inbox and port."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port,
                            authenticator=inbox.authenticate, auth_require_tls=False)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


JULY_BATCH = ("batch", "--data", str(DATA), "--notebook", str(NOTEBOOK), "--format", "html",
              "--period", "2025-07")


@pytest.fixture(scope="session")
def july_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A reports folder whose July 2025 report (HTML) is up to date, published by
    `claimbook batch *JULY_BATCH` once per test run: that batch, run on a copy of it, renders
    nothing and goes straight to its mail. Tests copy it, never write to it."""

    def make(folder: Path) -> None:
        done = run_cli(*JULY_BATCH, "--reports-dir", str(folder / "reports"))
        assert done.exit_code == 0, done.output

    return made_once(tmp_path_factory, "july-batch", make) / "reports"
