"""A batch's Dask scheduler address is checked before any report is handed over: nothing
listening, a host that does not resolve or a malformed address fails at once, and a service that
accepts the connection but is no scheduler (silent, or closing at once) fails within the probe's
timeout — never the endless wait Dask's own handshake gave — each as one line with exit 2; a real
scheduler passes."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.publish import dask_scheduler
from conftest import run_cli
from places import DATA, NOTEBOOK


def closed_port() -> int:
    """A local TCP port nothing listens on (bound by this process, never listening)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def service(close_at_once: bool) -> Iterator[str]:
    """A TCP service on 127.0.0.1 that accepts connections and never writes a byte: it holds
    each one open (as a program on the wrong port may) or closes it at once."""
    srv = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            if close_at_once:
                conn.close()
            else:
                held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{srv.getsockname()[1]}"
    finally:
        srv.close()
        for conn in held:
            conn.close()


def batch_with(address: str, reports: Path):  # type: ignore[no-untyped-def]
    return run_cli("batch", "--data", str(DATA), "--reports-dir", str(reports), "--notebook",
                   str(NOTEBOOK), "--format", "html", "--period", "2025-07", "--executor", "dask",
                   "--scheduler", address)


def test_dask_scheduler_unreachable_is_a_clear_error(tmp_path: Path) -> None:
    """A refused scheduler address is exit 2 with one line, from the probe (its wording names
    the refusal: Dask's own retries would have said "Timed out" after their timeout)."""
    address = f"tcp://127.0.0.1:{closed_port()}"
    done = batch_with(address, tmp_path / "reports")
    assert done.exit_code == 2, done.output
    assert f"cannot reach the Dask scheduler at {address}: connection refused" in done.stderr
    assert "Traceback" not in done.output and "Timed out" not in done.output


@pytest.mark.parametrize(("address", "says"), [
    ("tcp://nohost.invalid:8786", "cannot resolve the host 'nohost.invalid'"),
    ("tcp://127.0.0.1:notaport", "is not a Dask scheduler address"),
    ("tcp://127.0.0.1:99999", "port 99999 is not between 1 and 65535"),
    ("tcp://a..b:8786", "is not a Dask scheduler address"),
])
def test_a_scheduler_address_that_cannot_work_is_a_config_error(address: str, says: str) -> None:
    """An unresolvable host (.invalid never resolves) or a malformed address is a ConfigError
    that says which, before any connection is retried."""
    with pytest.raises(ConfigError, match=re.escape(says)):
        dask_scheduler.probe(address)


@pytest.mark.parametrize(("close_at_once", "says"), [
    (False, "it said nothing in 1 s"),
    (True, "it closed the connection without a word"),
])
def test_a_service_that_is_no_scheduler_is_a_config_error(close_at_once: bool, says: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_scheduler, "TIMEOUT", 1)
    with service(close_at_once) as address:
        t = time.monotonic()
        with pytest.raises(ConfigError, match=re.escape(says)) as e:
            dask_scheduler.probe(address)
        assert time.monotonic() - t < 10  # the probe's timeout, not Dask's endless handshake
    assert f"the service at {address} accepted the connection but is not a Dask scheduler" in str(
        e.value)


def test_a_batch_sent_to_a_silent_service_stops_with_exit_2(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask's client waited on such a service with no end (seen: still waiting after 120 s)."""
    monkeypatch.setattr(dask_scheduler, "TIMEOUT", 1)
    with service(close_at_once=False) as address:
        done = batch_with(address, tmp_path / "reports")
    assert done.exit_code == 2, done.output
    assert "is not a Dask scheduler (a scheduler greets at once)" in done.stderr
    assert "Traceback" not in done.output
    assert not (tmp_path / "reports" / "2025-07").exists()


def test_a_real_scheduler_passes_the_probe() -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None,
                      protocol="tcp://", host="127.0.0.1") as cluster:
        dask_scheduler.probe(cluster.scheduler_address)
