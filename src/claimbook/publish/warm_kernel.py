"""A kernel kept warm across the reports of one worker, reset between them.

Most of a report's time was start-up: a new kernel, then pandas, matplotlib and claimbook
imported again for every report. A worker that renders many reports keeps one kernel and,
after each report, resets it to the state it had when it was warmed up; the reset runs in the
kernel itself (`kernel_reset`).

A report that fails in any way (a cell error, a timeout, a dead kernel), and every
`MAX_REPORTS`-th report, end with a fresh kernel, as does a reset that finds what it cannot
undo; `render` starts a fresh kernel for every report it renders alone.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jupyter_client.session import Session
from jupyter_core.utils import run_sync

from claimbook.publish import kernel
from claimbook.store import tempfiles

log = logging.getLogger("claimbook")

# A kernel renders at most this many reports (its memory stays what one report needs).
MAX_REPORTS = 100
# Seconds a reset may take before the kernel is given up for a fresh one.
RESET_TIMEOUT = 60.0
# What a report loads on first use, loaded before the snapshot: loaded during a report,
# pandera's accessor registers itself on pandas' classes, and pyplot's first figure binds its
# backend's functions, which a reset would take for patches.
FIRST_USE = ("pandera.accessors.pandas_accessor", "matplotlib.backends.backend_agg",
             "matplotlib.backends.backend_svg", "matplotlib.pyplot")
WARM_UP = "\n".join([kernel.WARM_UP, *(f"import {name}" for name in FIRST_USE),
                      "matplotlib.pyplot.close(matplotlib.pyplot.figure())",
                      "import claimbook.publish.kernel_reset",
                      "claimbook.publish.kernel_reset.install(get_ipython())"])
# The reset runs as a user expression of an empty cell: no input or AST transformer a report
# left, and no event callback, touches it; it returns its verdict ('' when the kernel is as
# good as new).
RESET = "__import__('IPython').get_ipython().claimbook_reset()"



class WarmKernel:
    """The kernel of one worker: started when a report needs it, reset after each report,
    replaced when a report failed or the reset found what it cannot undo.

    It serves `render.render_files` like `kernel.FRESH` (`started`, `release`), so the render
    code is the same whether a kernel is new or warm. Not shared between threads."""

    def __init__(self, max_reports: int = MAX_REPORTS) -> None:
        self.max_reports = max_reports
        self.started_kernels = 0  # how many kernels it started (tests and benchmarks read it)
        self._stack: contextlib.ExitStack | None = None
        self._km: kernel.IPCKernelManager | None = None
        self._control: Any = None
        self._key: tuple[str, str] = ("", "")
        self._dir: Path | None = None
        self._used = 0
        self._reset_id: str | None = None

    @property
    def km(self) -> kernel.IPCKernelManager | None:
        return self._km

    @contextlib.contextmanager
    def started(self, name: str, cwd: Path | None = None, log_path: Path | None = None
                ) -> Iterator[kernel.IPCKernelManager]:
        """The warm kernel for one report (a fresh one if there is none usable). The report
        must call `release` once its notebook ran; a report that does not, or that raises,
        leaves no kernel behind for the next one."""
        self.prestart(name, cwd)
        assert self._km is not None and self._dir is not None
        log_file = self._dir / "kernel.log"
        offset = log_file.stat().st_size if log_file.exists() else 0
        self._reset_id = None
        reusable = False
        try:
            yield self._km
            reusable = self._reset_id is not None and self._reset_done()
        finally:
            if log_path is not None and log_file.exists():  # this report's part of the log
                with open(log_file, "rb") as f:
                    f.seek(offset)
                    log_path.write_bytes(f.read())
            self._used += 1
            if not reusable or self._used >= self.max_reports:
                self.close()

    def prestart(self, name: str, cwd: Path | None = None) -> None:
        """Have a usable kernel for reports of kernel `name` run in `cwd`: keep the one there
        is, or start one now (it warms up while the caller does other work)."""
        key = (name, str(Path(cwd or ".").resolve()))
        if self._km is None or key != self._key or not run_sync(self._km.is_alive)():
            self.close()
            self._start(name, key)

    def release(self, km: kernel.IPCKernelManager) -> None:
        """The notebook ran: papermill's client goes, and the kernel resets itself while this
        process exports the report."""
        for client in [c for c in km.clients if c is not self._control]:
            if client.channels_running:
                client.stop_channels()
            km.clients.remove(client)
        self._reset_id = self._control.execute("", silent=True, store_history=False,
                                               user_expressions={"verdict": RESET})

    def _reset_done(self) -> bool:
        """Wait for the reset's reply: True when the kernel is as good as new."""
        try:
            while True:
                reply = run_sync(self._control.get_shell_msg)(timeout=RESET_TIMEOUT)
                if reply["parent_header"].get("msg_id") == self._reset_id:
                    break
        except Exception as e:  # noqa: BLE001 - no answer: a fresh kernel, whatever the cause
            log.debug("warm kernel: no answer to the reset (%s); starting a fresh one", e)
            return False
        content = reply["content"]
        if content.get("status") != "ok":
            log.debug("warm kernel: reset failed (%s); starting a fresh one", content.get("evalue"))
            return False
        verdict = content["user_expressions"].get("verdict", {})
        problem = (ast.literal_eval(verdict["data"]["text/plain"]) if verdict.get("status") == "ok"
                   else "no verdict")
        if problem:
            log.debug("warm kernel: %s; starting a fresh one", problem)
        return not problem

    def _start(self, name: str, key: tuple[str, str]) -> None:
        self._dir = tempfiles.private_dir("cb-warm")
        stack = contextlib.ExitStack()
        try:
            km = stack.enter_context(kernel.started(name, cwd=Path(key[1]), warm_up=WARM_UP,
                                                    log_path=self._dir / "kernel.log"))
            session = Session(key=km.session.key, signature_scheme=km.session.signature_scheme)
            self._control = km.client(session=session)
            self._control.start_channels(shell=True, iopub=False, stdin=False, control=False)
        except BaseException:
            stack.close()
            shutil.rmtree(self._dir, ignore_errors=True)
            raise
        self._stack, self._km, self._key, self._used = stack, km, key, 0
        self.started_kernels += 1

    def close(self) -> None:
        """Stop the kernel (if any) and remove its files."""
        stack, self._stack, self._km, self._control = self._stack, None, None, None
        if stack is not None:
            stack.close()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def kill(self) -> None:
        """Stop the kernel at once (a worker told to stop while idle), then clean up."""
        if self._km is not None:
            kernel.kill(self._km)
        self.close()

    def __enter__(self) -> WarmKernel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_local = threading.local()
_all: list[WarmKernel] = []


def for_this_thread() -> WarmKernel:
    """This thread's warm kernel (a Dask worker renders in several threads); all of them
    are stopped when the process exits."""
    warm = getattr(_local, "warm", None)
    if warm is None:
        warm = _local.warm = WarmKernel()
        if not _all:
            atexit.register(close_all)
        _all.append(warm)
    return warm


def close_all() -> None:
    for warm in _all:
        with contextlib.suppress(Exception):
            warm.close()
