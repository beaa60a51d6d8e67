"""The project's own Jupyter kernel: registered in the virtual environment, checked before use.

A kernel name that is not installed only fails once papermill tries to start it ("No such
kernel"); checking first gives a message that says how to fix it.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from ipykernel.kernelspec import install as ipykernel_install
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.session import Session
from jupyter_core.utils import run_sync

from claimbook.errors import ConfigError
from claimbook.store import tempfiles

log = logging.getLogger("claimbook")

KERNEL_NAME = "claimbook"
DISPLAY_NAME = "claimbook (Python 3)"
# What the report notebook imports first; loading it while the parent process is busy with its
# own imports takes the kernel's start-up off the critical path.
WARM_UP = "import claimbook.report.sections"


class LocalKernelClient(AsyncKernelClient):
    """No heartbeat thread: a local kernel's life is read from its process by the manager, and
    stopping the heartbeat thread costs up to a second per report."""

    def start_channels(self, shell: bool = True, iopub: bool = True, stdin: bool = True,
                       hb: bool = False, control: bool = True) -> None:
        super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=hb, control=control)


class IPCKernelManager(AsyncKernelManager):
    """Kernels on IPC sockets: no TCP ports to race for under -j, no 'without encryption' warning."""


    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("transport", "ipc")
        # Socket files and the connection file (with the session key) live in a private
        # temporary folder named after this process, not in the working directory or Jupyter's
        # runtime folder: a later run removes it if this process is killed.
        self.socket_dir = str(tempfiles.private_dir("cb-k"))
        kwargs.setdefault("ip", os.path.join(self.socket_dir, "kernel"))
        kwargs.setdefault("connection_file", os.path.join(self.socket_dir, "kernel.json"))
        super().__init__(**kwargs)
        self.client_factory = LocalKernelClient
        self.clients: list[Any] = []

    def client(self, **kwargs: Any) -> Any:
        """Remember each client (papermill's too), so that shutdown can close their channels."""
        kc = super().client(**kwargs)
        self.clients.append(kc)
        return kc


@contextmanager
def started(name: str = KERNEL_NAME, cwd: Path | None = None, warm_up: str = WARM_UP,
            log_path: Path | None = None) -> Iterator[IPCKernelManager]:
    """Start a kernel now and have it import what the notebook needs; always shut it down.

    The kernel is new (`FRESH` gives each report its own; a batch worker keeps one across its
    reports and resets it, `warmkernel`): warming it only runs the imports the notebook's first
    cell would run anyway. The kernel process's own
    output (its log, tracebacks of interrupted cells) goes to `log_path`, not to our stderr.
    """
    km = IPCKernelManager(kernel_name=name)
    log_file = open(log_path, "ab") if log_path else None  # noqa: SIM115 - closed in finally
    try:
        streams = {"stdout": log_file, "stderr": log_file} if log_file else {}
        run_sync(km.start_kernel)(cwd=str(cwd) if cwd else None, **streams)
        if warm_up:
            # Its own session: clients that share a session id share a zmq identity, and the
            # kernel then answers only one of them (papermill's client would wait forever).
            session = Session(key=km.session.key, signature_scheme=km.session.signature_scheme)
            kc = km.client(session=session)
            kc.start_channels(shell=True, iopub=False, stdin=False, control=False)
            kc.execute(warm_up, silent=True, store_history=False)
        yield km
    finally:
        for client in km.clients:
            if client.channels_running:
                client.stop_channels()
        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=False)
        finally:
            run_sync(km.cleanup_resources)()
            shutil.rmtree(km.socket_dir, ignore_errors=True)
            if log_file:
                log_file.close()


class Kernels(Protocol):
    """Where a report gets its kernel: `started` for the report, `release` once its notebook
    ran (the kernel is no longer needed for it while the report exports)."""

    def started(self, name: str, cwd: Path | None = None, log_path: Path | None = None
                ) -> contextlib.AbstractContextManager[IPCKernelManager]: ...

    def release(self, km: IPCKernelManager) -> None: ...


class FreshKernels:
    """A new kernel for every report (one report alone, `render`): nothing is shared."""

    def started(self, name: str, cwd: Path | None = None, log_path: Path | None = None
                ) -> contextlib.AbstractContextManager[IPCKernelManager]:
        return started(name, cwd=cwd, log_path=log_path)

    def release(self, km: IPCKernelManager) -> None:
        release(km)


FRESH = FreshKernels()


def install(prefix: str = sys.prefix) -> str:
    """Register a kernel that runs this interpreter, inside `prefix` (the venv)."""
    return ipykernel_install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=prefix)


def check(name: str = KERNEL_NAME) -> Path:
    """Return the kernel's interpreter, or raise a ConfigError that says how to install it."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise ConfigError(
            f"Jupyter kernel {name!r} is not installed; run `make install` "
            f"(or `python -m claimbook.publish.kernel install` in the project's environment)"
        ) from None
    exe = spec.argv[0]
    path = Path(exe) if Path(exe).is_absolute() else Path(shutil.which(exe) or exe)
    if not path.exists():
        raise ConfigError(f"Jupyter kernel {name!r} points to {exe}, which does not exist; "
                          "run `make install` to register it again")
    return path


def release(km: IPCKernelManager) -> None:
    """Ask the kernel to exit now, without waiting: it shuts down while the report exports."""
    try:
        run_sync(km.request_shutdown)()
    except Exception as e:  # the context manager's shutdown still follows
        log.debug("early shutdown request failed: %s", e)


def kill(km: IPCKernelManager) -> None:
    """Stop a kernel at once (on interrupt): its process, not a polite request."""
    process = getattr(km.provisioner, "process", None)
    if process is not None and process.poll() is None:
        process.kill()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m claimbook.publish.kernel")
    parser.add_argument("action", choices=["install", "check"])
    args = parser.parse_args(argv)
    if args.action == "install":
        print(f"installed kernel {KERNEL_NAME!r} in {install()}")
    else:
        print(f"kernel {KERNEL_NAME!r} runs {check()}")


if __name__ == "__main__":
    main()
