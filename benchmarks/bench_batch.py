"""Wall time of a year of monthly reports: `claimbook batch` against the commands typed per month.

The claim behind `claimbook batch -j J` is that a few worker processes, each importing once and
rendering many reports, beat a user (or a shell loop) running `papermill` then
`jupyter nbconvert` twelve times, each start paying for the imports and a kernel again. This
script measures that end to end, as a user sees it, with the conventions of bench_render.py (whose
helpers it imports): subprocesses from the project root with the venv's bin first on PATH, a fresh
temporary folder per run, the two sides alternating (chain, batch, chain, batch, ...) so machine
noise hits both alike, after one small untimed warm-up (one month each way).

It also times, once, a second `claimbook batch` without --force over a folder just rendered: it
should skip all twelve reports (that is what makes it cheap to run from cron every day). And it
measures the floor of one report in the same run: a bare kernel (the project's kernel started
by a new interpreter, one trivial cell run, the kernel stopped), once per run beside the two
sides; the batch's time per report is printed against it (below 1.0: a report costs less than
starting a kernel, which only a kernel kept warm across reports can do).

It is a measurement, not a test: it exits 0 whether or not the target is met, and non-zero only
when a command fails or a batch does not report what it did as expected.

    .venv/bin/python benchmarks/bench_batch.py [--runs N] [-j J]

Standard library only, so it runs on any interpreter that can reach the venv.
"""

from __future__ import annotations

import argparse
import calendar
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_render import (
    DATA_DIR,
    NOTEBOOK,
    VENV_BIN,
    BenchError,
    Command,
    environment,
    machine,
    run_steps,
    warning_summary,
)

YEAR = 2025  # the seed data in data/ covers this year
MONTHS = tuple(f"{YEAR}-{m:02d}" for m in range(1, 13))
TARGET = 8.0  # chain/batch: how many times faster the batch aims to be (issue 17, 2 cores)
# The floor: a kernel started, one trivial cell, stopped (a new interpreter, as each chain step).
BARE_KERNEL = ("from jupyter_client.manager import start_new_kernel\n"
               "km, kc = start_new_kernel(kernel_name='claimbook')\n"
               "kc.execute_interactive('1', timeout=60)\n"
               "kc.stop_channels()\n"
               "km.shutdown_kernel(now=True)\n")


# --- what each side types -------------------------------------------------------------------------


def chain_steps(out: Path, months: tuple[str, ...]) -> list[Command]:
    """The baseline: for each month, execute with papermill, then export code-free HTML."""
    steps: list[Command] = []
    for month in months:
        year, mon = (int(part) for part in month.split("-"))
        last = calendar.monthrange(year, mon)[1]
        nb = str(out / f"{month}.ipynb")
        steps += [
            ["papermill", NOTEBOOK, nb, "-p", "start", f"{month}-01", "-p", "end", f"{month}-{last:02d}",
             "-p", "data_dir", str(DATA_DIR), "--no-progress-bar"],
            ["jupyter", "nbconvert", "--to", "html", "--no-input", nb],
        ]
    return steps


def chain_expect(months: tuple[str, ...]) -> tuple[str, ...]:
    """What the chain must leave behind, checked after the run (outside the timing)."""
    return tuple(f"{m}.{ext}" for m in months for ext in ("ipynb", "html"))


def batch_command(out: Path, months: tuple[str, ...], jobs: int, force: bool) -> Command:
    """`claimbook batch` for the same months; it also writes the executed .ipynb (intended)."""
    cmd = ["claimbook", "batch", "--from", months[0], "--to", months[-1], "--every", "month",
           "--format", "html", "-j", str(jobs), "--out", str(out / "reports")]
    return [*cmd, "--force"] if force else cmd


def batch_expect(months: tuple[str, ...]) -> tuple[str, ...]:
    """One folder per month with the HTML report and the executed notebook, plus the index."""
    files = [f"reports/{m}/report.{ext}" for m in months for ext in ("html", "ipynb")]
    return (*files, "reports/index.html")


def check_summary(stderr: str, rendered: int, skipped: int) -> None:
    """A batch exits 0 when it skips everything too: its summary line is what says it did the work."""
    want = f"batch: {rendered} rendered, {skipped} skipped, 0 failed"
    if want not in stderr:
        found = [line for line in stderr.splitlines() if "batch:" in line] or ["no 'batch:' line"]
        raise BenchError(f"expected the batch log to say '{want}', it said: {found[-1]}")


# --- running ----------------------------------------------------------------------------------------


def run_bare_kernel(env: dict[str, str], stderr_log: list[str]) -> float:
    """The floor of one report: start the project's kernel, run one cell, stop it."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-kernel-") as tmp:
        return run_steps([[str(VENV_BIN / "python"), "-c", BARE_KERNEL]], Path(tmp), (), env,
                         stderr_log)


def run_chain(months: tuple[str, ...], env: dict[str, str], stderr_log: list[str]) -> float:
    """Twelve sequential papermill + nbconvert pairs in a fresh temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-chain-") as tmp:
        out = Path(tmp)
        return run_steps(chain_steps(out, months), out, chain_expect(months), env, stderr_log)


def run_batch(months: tuple[str, ...], jobs: int, env: dict[str, str], stderr_log: list[str],
              rerun: bool = False) -> tuple[float, float | None]:
    """One forced batch in a fresh temporary folder; with `rerun`, then an unchanged one without
    --force over the same folder. Returns (batch seconds, rerun seconds or None)."""
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        out = Path(tmp)
        log: list[str] = []
        seconds = run_steps([batch_command(out, months, jobs, force=True)], out,
                            batch_expect(months), env, log)
        check_summary(log[-1], rendered=len(months), skipped=0)
        again = None
        if rerun:
            again = run_steps([batch_command(out, months, jobs, force=False)], out,
                              batch_expect(months), env, log)
            check_summary(log[-1], rendered=0, skipped=len(months))
        stderr_log += log
        return seconds, again


# --- reporting ------------------------------------------------------------------------------------


def load_now() -> str:
    """The load average at the end: a concurrent test run during the benchmark shows up here."""
    return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "n/a"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """--runs and -j only: the months and formats are fixed so results compare across runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2,
                        help="timed runs of each side (default 2; the chain takes ~90 s a run)")
    parser.add_argument("-j", "--jobs", type=int, default=2,
                        help="claimbook batch -j: reports rendered in parallel (default 2)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    chain_times: list[float] = []
    batch_times: list[float] = []
    floor_times: list[float] = []
    rerun: float | None = None
    chain_err: list[str] = []
    batch_err: list[str] = []
    try:
        env = environment()
        print(f"benchmark: {NOTEBOOK}, {len(MONTHS)} monthly HTML reports {MONTHS[0]} .. {MONTHS[-1]}, "
              f"claimbook batch -j {args.jobs}", flush=True)
        print(machine(), flush=True)
        # Warm-up: page cache, matplotlib/fontconfig caches, .pyc files; one month each way is
        # enough for that and keeps the default run under five minutes.
        print("warm-up (untimed, one month each way) ...", file=sys.stderr, flush=True)
        run_chain(MONTHS[:1], env, chain_err)
        run_batch(MONTHS[:1], args.jobs, env, batch_err)
        for i in range(1, args.runs + 1):
            chain_times.append(run_chain(MONTHS, env, chain_err))
            seconds, again = run_batch(MONTHS, args.jobs, env, batch_err, rerun=rerun is None)
            batch_times.append(seconds)
            floor_times.append(run_bare_kernel(env, []))  # its TCP warning is not the batch's
            rerun = again if again is not None else rerun
            print(f"run {i}/{args.runs} chain {chain_times[-1]:6.2f} s   batch {batch_times[-1]:6.2f} s"
                  f"   bare kernel {floor_times[-1]:5.2f} s"
                  + (f"   unchanged batch {again:.2f} s" if again is not None else ""),
                  file=sys.stderr, flush=True)
    except BenchError as e:
        print(f"bench_batch: aborted: {e}", file=sys.stderr)
        return 1
    assert rerun is not None  # set by the first run; --runs is at least 1
    ratio = statistics.median(ch / b for ch, b in zip(chain_times, batch_times, strict=True))
    each = ", ".join(f"{ch:.1f}/{b:.1f}" for ch, b in zip(chain_times, batch_times, strict=True))
    print(f"runs: {args.runs} of each side, alternating chain/batch, after an untimed one-month "
          f"warm-up; medians:")
    print(f"chain (12 x papermill + nbconvert)  {statistics.median(chain_times):6.2f} s")
    print(f"claimbook batch -j {args.jobs:<2}               {statistics.median(batch_times):6.2f} s")
    print(f"chain/batch {ratio:.2f}x faster (target >= {TARGET}x)   per run chain/batch s: {each}")
    floor, per_report = statistics.median(floor_times), statistics.median(batch_times) / len(MONTHS)
    print(f"bare kernel (start, one cell, stop) {floor:6.2f} s   the floor of one report")
    print(f"batch per report                    {per_report:6.2f} s   {per_report / floor:.2f}x the floor"
          f"   (chain per report {statistics.median(chain_times) / len(MONTHS):.2f} s, "
          f"{statistics.median(chain_times) / len(MONTHS) / floor:.2f}x)")
    print(f"unchanged batch, no --force (once)  {rerun:6.2f} s   log: 0 rendered, {len(MONTHS)} skipped")
    print(f"stderr of the chain: {warning_summary(chain_err)}")
    print(f"stderr of claimbook batch: {warning_summary(batch_err)}")
    print(f"total wall time {time.perf_counter() - began:.0f} s, load average {load_now()} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
