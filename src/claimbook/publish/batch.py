"""Many reports at once, safe under cron: periods, skip-if-up-to-date, a lock, parallel workers.

Every report is the same job — `run_job(RenderConfig) -> Rendered`, files as bytes — whether it
runs in this process, in a local worker process (`-j N`), or on a Dask worker on another machine.
Only this process writes into the reports folder: each result is published atomically, failures
are kept under `_failed/`, and the index is rewritten once at the end. A worker (and a Dask
worker's thread) keeps one kernel warm across its reports and resets it between them
(`warmkernel`), so a report does not pay for a kernel and its imports.

Exit codes: 0 every report rendered or skipped; 1 some failed (the others are kept);
2 usage or input error; 3 the output folder is locked by another run.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tqdm import tqdm
from tqdm.contrib.logging import logging_redirect_tqdm

from claimbook import store
from claimbook.claims import summary
from claimbook.claims.dates import count_periods, iter_periods
from claimbook.errors import (
    EXIT_FAILED,
    EXIT_OK,
    ClaimbookError,
    ConfigError,
    Interrupted,
    RenderError,
    raise_interrupted,
)
from claimbook.params import BatchConfig, RenderConfig
from claimbook.publish import (
    dask_scheduler,
    fingerprint,
    folders,
    index,
    kernel,
    meta,
    render,
    warm_kernel,
)
from claimbook.publish.execute import preload
from claimbook.publish.naming import output_dir

log = logging.getLogger("claimbook")

LOCK_FILE = folders.LOCK_FILE
locked = folders.locked  # the run lock, held for the whole batch


@dataclass
class Outcome:
    name: str
    status: Literal["rendered", "skipped", "failed"]
    seconds: float = 0.0
    message: str = ""


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.count("failed") else EXIT_OK

    def line(self) -> str:
        return (f"batch: {self.count('rendered')} rendered, {self.count('skipped')} skipped, "
                f"{self.count('failed')} failed in {self.elapsed:.1f} s")


# --- planning -----------------------------------------------------------------------------------


def plan(cfg: BatchConfig) -> list[RenderConfig]:
    """One report per period (and per claimant or claim type with claims in that period).

    More than `cfg.max_reports` reports is refused (ConfigError, exit 2) before any is built:
    the periods are counted by arithmetic, and with --per the plan stops at the first report
    over the limit."""
    base = cfg.base
    periods = count_periods(cfg.start, cfg.end, cfg.every)
    if periods > cfg.max_reports:
        raise ConfigError(too_many(f"{'at least ' if cfg.per else ''}{periods:,}", cfg))
    # A broken table fails the batch here (exit 2). Validated in full once per version of the
    # data, and recorded, so the workers' renders do not validate again.
    store.ensure_valid(base.data_dir)
    column = {"claimant": "claimant", "type": "claim_type", "publisher": "claim_id"
              }.get(cfg.per or "")
    whole = base.model_copy(update={"start": cfg.start, "end": cfg.end})
    keys = store.selection.keys(whole) if column else None
    carriers = _publishers_of_claims(base.data_dir) if cfg.per == "publisher" else {}
    jobs = []
    for period in iter_periods(cfg.start, cfg.end, cfg.every):
        variants: list[dict[str, Any]] = [{}]
        if keys is not None and column:
            codes = summary.group_codes(keys, period.start, period.end)
            listed = summary.in_report(codes, period.start, period.end)
            names = sorted(set(keys[column].filter(listed).to_pylist()))
            if cfg.per == "publisher":
                names = sorted({pub for cid in names for pub in carriers.get(cid, ())})
            field = {"claimant": "claimants", "type": "claim_types",
                     "publisher": "publishers"}[cfg.per or ""]
            variants = [{field: (n,)} for n in names]
        if len(jobs) + len(variants) > cfg.max_reports:
            raise ConfigError(too_many(f"more than {cfg.max_reports:,}", cfg))
        for v in variants:
            params = base.model_copy(update={"start": period.start, "end": period.end, **v})
            jobs.append(RenderConfig(params=params, formats=cfg.formats,
                                     reports_dir=cfg.reports_dir, notebook=cfg.notebook,
                                     kernel_name=cfg.kernel_name, timeout=cfg.timeout))
    return distinct_folders(jobs)


def _publishers_of_claims(data_dir: str) -> dict[str, set[str]]:
    """claim_id -> the publishers of the documents that mention it (`--per publisher`)."""
    mentions, documents = store.read_mentions_documents(data_dir)
    pub = documents.set_index("doc_id")["publisher"].dropna()
    out: dict[str, set[str]] = {}
    for cid, doc in zip(mentions["claim_id"], mentions["doc_id"], strict=True):
        if doc in pub.index and pub[doc]:
            out.setdefault(str(cid), set()).add(str(pub[doc]))
    return out


def too_many(how_many: str, cfg: BatchConfig) -> str:
    per = f" per {cfg.per}" if cfg.per else ""
    return (f"this batch plans {how_many} reports (one per {cfg.every}{per} from {cfg.start} "
            f"to {cfg.end}), more than --max-reports {cfg.max_reports:,}; check --from/--to, "
            "or give --max-reports N to render that many")


def distinct_folders(jobs: list[RenderConfig]) -> list[RenderConfig]:
    """Selections whose names make the same folder ('A.B' and 'a b' are both `a-b`) would
    overwrite each other's report: each of those gets a short hash of its own selection."""
    folders = Counter(output_dir(j) for j in jobs)
    out = []
    for job in jobs:
        folder = output_dir(job)
        if folders[folder] > 1:
            p = job.params
            key = json.dumps([p.claimants, p.claim_types, p.topics, p.publishers, p.docs],
                             ensure_ascii=False)
            digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            job = job.model_copy(update={"out_dir": folder.with_name(f"{folder.name}-{digest}")})
        out.append(job)
    return out


def up_to_date(job: RenderConfig) -> bool:
    """The published report was made from exactly these inputs and has all its files."""
    out = output_dir(job)
    published = meta.read(out)
    if published is None:  # none, or a foreign meta.json: not a report of ours to skip
        return False
    if not all((out / name).is_file() for name in published["files"].values()):
        return False
    return fingerprint.is_current(published, job)


# --- running -------------------------------------------------------------------------------------


def run_job(job: RenderConfig, kernels: kernel.Kernels = kernel.FRESH) -> render.Rendered:
    """Render one report anywhere; every failure comes back as a result, never as an exception
    (exceptions do not always survive the trip back from a worker). `kernels`: a worker that
    renders many reports passes its warm kernel (`warmkernel`)."""
    t0 = time.monotonic()
    try:
        result = render.render_files(job, kernels)
    except Exception as e:  # a kernel that died, a broken table, a bug: report it, go on
        message = str(e) if isinstance(e, ClaimbookError) else f"{type(e).__name__}: {e}"
        result = render.Rendered(False, {"error.log": message.encode()}, {}, message)
    result.seconds = time.monotonic() - t0
    return result


def run_warm_job(job: RenderConfig) -> render.Rendered:
    """`run_job` with the warm kernel of the calling thread (a Dask worker's threads)."""
    return run_job(job, warm_kernel.for_this_thread())


# Linux's prctl(2) option: the kernel sends a signal to a process when its parent dies.
PR_SET_PDEATHSIG = 1
# How often a worker checks that the batch that started it is still its parent.
PARENT_POLL_SECONDS = 0.5
# How long a worker whose batch is gone may take to stop its kernel before it just exits.
ORPHAN_GRACE_SECONDS = 20.0

_job_running = False  # in a worker process: a report is being rendered right now
_stopping = False  # in a worker process: a SIGTERM is being acted on
_warm: warm_kernel.WarmKernel | None = None  # in a worker process: its kernel, kept warm


def _init_worker(formats: tuple[str, ...], parent: int, first: RenderConfig | None = None
                 ) -> None:
    """Set up a worker process: signals, a life bound to the batch's, the imports.

    Ctrl-C goes to the whole process group: the main process decides, workers ignore it.
    SIGTERM (systemd stops the whole group, the main process stops its workers, or the batch
    died) stops the report under way -- its kernel is killed, its temporary folders go -- and
    then the worker exits: it takes no more work. Its warm kernel is stopped when the worker
    ends, whichever way (the pool's shutdown runs multiprocessing's finalizers, not atexit).
    """
    global _warm
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_terminated)
    _die_with(parent)
    _warm = warm_kernel.WarmKernel()
    multiprocessing.util.Finalize(None, _warm.close, exitpriority=10)
    if first is not None:  # the kernel warms up while this process imports the exporters
        _warm.prestart(first.kernel_name, first.notebook.parent)
    preload(formats)


def _worker_terminated(signum: int, frame: object = None) -> None:
    global _stopping
    if _stopping:  # the pool, the main process and the watchdog may each send one: a second
        return  # one would cut short the cleanup the first one started
    _stopping = True
    if _job_running:
        raise_interrupted(signum, frame)  # unwinds the report; `_run_in_worker` then exits
    if _warm is not None:  # idle: only the warm kernel to stop
        _warm.kill()
    os._exit(128 + signum)


def _run_in_worker(job: RenderConfig) -> render.Rendered:
    """`run_job` in a worker process; a SIGTERM ends the worker once the report is cleaned up.

    ProcessPoolExecutor's worker loop catches every exception of a job, KeyboardInterrupt
    included, sends it back and waits for the next job: a terminated worker whose batch was
    gone waited forever. Exiting here is what makes SIGTERM stop it.
    """
    global _job_running
    _job_running = True
    try:
        return run_job(job, _warm or kernel.FRESH)
    except Interrupted as e:
        if _warm is not None:
            _warm.kill()
        os._exit(e.exit_code)
    finally:
        _job_running = False


def _die_with(parent: int) -> None:
    """A worker must not outlive its batch, whatever ended it (kill -9, `timeout -s KILL`, the
    OOM killer): then nothing would ever give it work or stop it, and it kept its memory.

    On Linux the kernel sends SIGTERM when the parent dies (PR_SET_PDEATHSIG). A thread also
    watches the parent's pid, for other systems and for a parent that died before prctl ran;
    it sends SIGTERM to the main thread (which stops the report), and exits the process itself
    if that has not happened after ORPHAN_GRACE_SECONDS.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
                log.debug("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError) as e:
            log.debug("prctl(PR_SET_PDEATHSIG) unavailable: %s", e)
    main = threading.main_thread().ident or 0

    def watch() -> None:
        # SIGTERM must reach the main thread (it interrupts a blocking wait there), not this one
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        signal.pthread_kill(main, signal.SIGTERM)
        time.sleep(ORPHAN_GRACE_SECONDS)
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="claimbook-parent-watch", daemon=True).start()


def _run_local(jobs: list[RenderConfig], n: int, formats: tuple[str, ...]
               ) -> Iterator[tuple[RenderConfig, render.Rendered]]:
    if n == 1 or len(jobs) == 1:
        with warm_kernel.WarmKernel() as warm:
            for job in jobs:
                yield job, run_job(job, warm)
        return
    # spawn: a fresh interpreter per worker (forking a process with zmq threads is unsafe);
    # each worker imports once and renders many reports. The pool starts its workers from
    # this (main) thread, so PR_SET_PDEATHSIG fires when this process ends, not a thread.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(n, len(jobs)), mp_context=ctx,
                             initializer=_init_worker, initargs=(formats, os.getpid(), jobs[0])) as pool:
        futures: dict[Future[render.Rendered], RenderConfig] = {}
        try:  # a worker may die while the jobs are submitted: submit then raises too
            for job in jobs:
                futures[pool.submit(_run_in_worker, job)] = job
            # The pool watches for dead workers only among those started when its manager
            # thread last woke up, and a submit wakes it *before* starting that submit's worker:
            # with as many reports as workers, nothing woke it after the last one started, and
            # that worker's death went unnoticed until another report ended (a killed worker
            # hung the batch). One more submit, once every worker is started, makes it watch
            # them all.
            pool.submit(os.getpid)
            for f in as_completed(futures):
                yield futures[f], f.result()
        except BaseException as e:  # interrupted: stop the workers' reports now, publish no more
            for f in futures:
                f.cancel()
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(OSError):
                    process.terminate()  # SIGTERM: each worker stops its kernel, cleans up, exits
            pool.shutdown(wait=True, cancel_futures=True)
            if isinstance(e, BrokenProcessPool):
                raise RenderError("a worker process stopped before its report was finished (it "
                                  "was killed or ran out of memory); the reports published so "
                                  "far are kept: run the batch again for the others") from None
            raise


def _run_dask(jobs: list[RenderConfig], scheduler: str
              ) -> Iterator[tuple[RenderConfig, render.Rendered]]:
    try:
        from distributed import Client  # lazy: only --executor dask needs it
        from distributed import as_completed as dask_completed
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise ConfigError("--executor dask needs the 'distributed' package") from None
    dask_scheduler.probe(scheduler)
    try:
        client = Client(scheduler, timeout=f"{dask_scheduler.TIMEOUT}s")
    except OSError as e:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    with client:
        futures = {client.submit(run_warm_job, job, pure=False): job for job in jobs}
        for f in dask_completed(futures):
            yield futures[f], f.result()


class Progress:
    """A bar with ETA on a terminal; one timestamped log line per report otherwise (cron)."""

    def __init__(self, total: int, quiet: bool):
        self.bar = None
        self._redirect: contextlib.AbstractContextManager | None = None
        if total and not quiet and sys.stderr.isatty():
            self.bar = tqdm(total=total, unit="report", file=sys.stderr, dynamic_ncols=True)
            self._redirect = logging_redirect_tqdm(loggers=[log])  # lines print above the bar
            self._redirect.__enter__()

    def done(self, outcome: Outcome, index: int, total: int) -> None:
        if outcome.status == "failed":
            log.error("[%d/%d] %s failed: %s", index, total, outcome.name, outcome.message)
        else:
            log.info("[%d/%d] %s %s (%.1f s)", index, total, outcome.name, outcome.status,
                     outcome.seconds)
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self._redirect is not None:
            self._redirect.__exit__(None, None, None)
        if self.bar is not None:
            self.bar.close()


def run(cfg: BatchConfig, quiet: bool = False) -> Summary:
    """Plan, skip what is up to date, render the rest, publish, and index once."""
    t0 = time.monotonic()
    cfg = cfg.absolute()
    summary = Summary()
    # before the lock creates the folder: a foreign one is refused with nothing written
    folders.check_reports_dir(cfg.reports_dir, cfg.base.data_dir, whole=True)
    wait = max(cfg.wait, folders.PUBLISH_WAIT)  # another run's publish takes milliseconds
    with locked(cfg.reports_dir, cfg.wait):
        jobs = plan(cfg)
        todo = []
        for job in jobs:
            try:  # a folder of that name that is not a claimbook report: that report fails
                render.check_places(job, index=False)
            except ConfigError as e:
                summary.outcomes.append(Outcome(output_dir(job).name, "failed",
                                                message=str(e)))
                log.error("%s failed: %s", output_dir(job).name, e)
                continue
            if not cfg.force and up_to_date(job):
                summary.outcomes.append(Outcome(output_dir(job).name, "skipped"))
            else:
                todo.append(job)
        log.info("batch: %d report(s) planned, %d up to date, %d to render with %s (-j %d)",
                 len(jobs), len(jobs) - len(todo), len(todo), cfg.executor, cfg.jobs)
        if todo:
            kernel.check(cfg.kernel_name)
            progress = Progress(len(todo), quiet)
            results = (_run_dask(todo, cfg.scheduler or "") if cfg.executor == "dask"
                       else _run_local(todo, cfg.jobs, cfg.formats))
            try:
                for i, (job, result) in enumerate(results, 1):
                    outcome = _publish(job, result, wait)
                    summary.outcomes.append(outcome)
                    progress.done(outcome, i, len(todo))
            finally:
                progress.close()
        index.write_index(cfg.reports_dir, wait)
    summary.elapsed = time.monotonic() - t0
    return summary


def _publish(job: RenderConfig, result: render.Rendered, wait: float) -> Outcome:
    name, seconds = output_dir(job).name, result.seconds
    try:
        render.finish(job, result, wait)
    except ClaimbookError as e:
        return Outcome(name, "failed", seconds, str(e))
    except OSError as e:  # e.g. a read-only reports folder: this report fails, the batch goes on
        return Outcome(name, "failed", seconds, f"cannot write {name}: {e}")
    return Outcome(name, "rendered", seconds)


def configure_logging(quiet: bool, log_file: str | None, verbose: bool = False) -> None:
    """Timestamps on every line; --quiet leaves only failures (what cron should mail)."""
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    root = logging.getLogger("claimbook")
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False
    root.handlers.clear()
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.ERROR if quiet else logging.INFO)
    console.setFormatter(fmt)
    root.addHandler(console)
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        # delay: created by the first line, after the reports folder's checks (it may live there)
        handler = logging.FileHandler(log_file, encoding="utf-8", delay=True)
        handler.setLevel(logging.DEBUG if verbose else logging.INFO)
        handler.setFormatter(fmt)
        root.addHandler(handler)
