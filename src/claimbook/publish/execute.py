"""Executing a report notebook in a started kernel with papermill, signals kept by this thread."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

import nbformat
import papermill as pm
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from papermill.engines import NBClientEngine, papermill_engines
from papermill.exceptions import PapermillExecutionError

from claimbook.errors import RenderError
from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import kernel


def execute(cfg: RenderConfig, output_path: Path, km: kernel.IPCKernelManager,
            changes: str = "", digest: str = "") -> nbformat.NotebookNode:
    """Execute the notebook in a started kernel; the executed notebook is always written.
    `changes` and `digest` (the selection's, as the snapshot took it) go to the notebook.

    papermill runs in a helper thread so that signals stay with this (main) thread: on SIGINT
    or SIGTERM the kernel is stopped here and the interruption propagates, instead of nbclient's
    own handler quietly shutting the kernel down mid-cell.
    """
    done: dict[str, Any] = {}

    def target() -> None:
        try:
            done["nb"] = _papermill(cfg, output_path, km, changes, digest)
        except BaseException as e:  # handed to the main thread
            done["error"] = e

    worker = threading.Thread(target=target, name="claimbook-execute", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)  # short waits: signal handlers run between them
    except BaseException:
        kernel.kill(km)  # the helper thread then fails fast with a dead kernel
        worker.join(30)
        raise
    if "error" in done:
        raise done["error"]
    return done["nb"]


def _engine() -> str:
    """papermill's nbclient engine, except that a notebook stopped half-way (a dead kernel, a
    cell timeout) is still written, so the failed run's notebook shows how far it got."""

    class KeepOnFailure(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str,
                                     keep_path: str | None = None, **kwargs: Any) -> Any:
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception:
                if keep_path:
                    nbformat.write(nb_man.nb, keep_path)
                raise

    papermill_engines.register("claimbook", KeepOnFailure)
    return "claimbook"


def _papermill(cfg: RenderConfig, output_path: Path, km: kernel.IPCKernelManager,
               changes: str = "", digest: str = "") -> nbformat.NotebookNode:

    params = cfg.params.model_copy(update={"data_dir": str(Path(cfg.params.data_dir).resolve())})
    logging.getLogger("papermill").setLevel(logging.CRITICAL)  # its errors are re-raised below
    try:
        return pm.execute_notebook(
            str(cfg.notebook), str(output_path),
            parameters={**params.notebook_parameters(), "changes": changes, "digest": digest},
            kernel_name=cfg.kernel_name,
            progress_bar=False,
            log_output=False,
            execution_timeout=cfg.timeout,
            request_save_on_cell_execute=False,  # saved once at the end, or on failure
            engine_name=_engine(),
            keep_path=str(output_path),
            km=km,
        )
    except PapermillExecutionError as e:
        first_line = next((ln for ln in str(e.source).splitlines() if ln.strip()), "")[:80]
        raise RenderError(
            f"cell In [{e.exec_count}] of {cfg.notebook} ({first_line}) raised {e.ename}: {e.evalue}"
        ) from e
    except CellTimeoutError as e:
        raise RenderError(f"a cell of {cfg.notebook} ran longer than --timeout {cfg.timeout:g} s "
                          f"and was stopped: {str(e).splitlines()[0]}") from e
    except DeadKernelError as e:
        raise RenderError(f"the kernel died while running {cfg.notebook} ({e}); "
                          "a cell may have used too much memory or crashed Python") from e


def preload(formats: tuple[str, ...] = ("html", "pdf")) -> None:
    """Import what rendering needs (a batch worker does this once for all its reports)."""
    preload_for(RenderConfig(params=ReportParams(), formats=formats))


def preload_for(cfg: RenderConfig) -> None:
    """Import the exporters now, while the kernel is still warming up, not after it finishes.

    When jsonschema (under nbformat) finds rfc3987_syntax installed (a jupyterlab dependency),
    it compiles some 40 grammars at import, to check "iri" formats that notebook
    validation never uses; this process does not import it (measured: benchmarks/).
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbconvert  # noqa: F401  # lazy by design: loaded while the kernel starts

    if "pdf" in cfg.formats:
        import weasyprint  # noqa: F401  # lazy: only a PDF needs it
