"""A Dask scheduler's address checked before a batch hands it reports (`batch --executor dask`).

Dask's client retries a refused connection until its timeout, and waits without end on a
service that accepts the connection and says nothing (another program on that port, a proxy):
the batch would hang under cron with no line in its log. `probe` tells both apart from a
scheduler in at most `TIMEOUT` seconds, as a `ConfigError` naming the address.
"""

from __future__ import annotations

import socket

from claimbook.errors import ConfigError

# Seconds a scheduler's host has to accept the connection, and the scheduler to greet.
TIMEOUT = 10
# Dask schemes that run over TCP, where one connect says whether anything listens.
TCP_SCHEMES = {"tcp", "tls", "ws", "wss"}
# Where the scheduler speaks first: on plain TCP it sends its handshake as soon as it accepts
# (TLS and WebSocket wait for the client's hello, so there only the connect is checked).
GREETS_FIRST = {"tcp"}


def probe(scheduler: str) -> None:
    """Fail at once when nothing can listen at `scheduler`'s TCP address, and within `TIMEOUT`
    seconds when what listens there does not greet as a Dask scheduler does.

    A connection refused, a host that does not resolve, or no route is final (so is a scheduler
    not yet started: start it before the batch); a host that does not answer (a firewall
    dropping packets) gets the timeout.
    """
    # lazy, as the client in `batch`: only --executor dask needs distributed (slow to import)
    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        scheme, location = parse_address(scheduler)
        if scheme not in TCP_SCHEMES:
            return  # inproc://, ucx://: Dask's own connection says
        host, port = parse_host_port(location, 8786)
        if not 0 < port < 65536:
            raise ValueError(f"port {port} is not between 1 and 65535")
    except ValueError as e:
        raise ConfigError(f"--scheduler {scheduler} is not a Dask scheduler address "
                          f"(tcp://HOST:PORT): {e}") from None
    try:
        conn = socket.create_connection((host, port), timeout=TIMEOUT)
    except UnicodeError as e:  # a host name that is no name ("a..b"): IDNA refuses it
        raise ConfigError(f"--scheduler {scheduler} is not a Dask scheduler address "
                          f"(tcp://HOST:PORT): {e}") from None
    except socket.gaierror as e:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: cannot resolve "
                          f"the host {host!r} ({e.strerror})") from None
    except ConnectionRefusedError:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: connection refused "
                          f"(nothing listens on port {port} of {host})") from None
    except TimeoutError:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: no answer "
                          f"after {TIMEOUT} s") from None
    except OSError as e:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: "
                          f"{e.strerror or e}") from None
    with conn:
        if scheme in GREETS_FIRST:
            _greeted(conn, scheduler)


def _greeted(conn: socket.socket, scheduler: str) -> None:
    """The first byte of the scheduler's handshake, or a `ConfigError`."""
    not_dask = (f"the service at {scheduler} accepted the connection but is not a Dask "
                "scheduler (a scheduler greets at once): check the address and port")
    try:
        first = conn.recv(1)
    except TimeoutError:
        raise ConfigError(f"{not_dask}; it said nothing in {TIMEOUT} s") from None
    except OSError as e:
        raise ConfigError(f"{not_dask}; {e.strerror or e}") from None
    if not first:
        raise ConfigError(f"{not_dask}; it closed the connection without a word")
