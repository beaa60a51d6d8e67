"""Wall time of one report: `claimbook render` against the commands a user would otherwise type.

The claim behind `claimbook render` is that one process (one notebook read, one set of imports,
the executed notebook kept in memory for every export) beats `papermill` followed by
`jupyter nbconvert` (and `weasyprint` for a PDF). This script measures exactly that, end to end,
as a user sees it: every command is a subprocess started from the project root with the venv's
bin directory first on PATH, each timed run writes into its own fresh temporary folder, and the
two sides alternate (chain, claimbook, chain, claimbook, ...) so machine noise hits both alike.

It is a measurement, not a test: it exits 0 whether or not a target is met, and non-zero only
when a command fails (then it says which one and shows the end of its output).

    .venv/bin/python benchmarks/bench_render.py [--runs N] [--start 2025-04-01 --end 2025-08-31]

Standard library only, so it runs on any interpreter that can reach the venv.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # works from any working directory
VENV_BIN = ROOT / ".venv" / "bin"
NOTEBOOK = "notebooks/claims_report.ipynb"  # relative to ROOT, as a user at the project root types it
DATA_DIR = ROOT / "data"
EXECUTABLES = ("papermill", "jupyter", "weasyprint", "claimbook")
STEP_TIMEOUT = 600.0  # seconds; a hung kernel should abort the benchmark, not stall it forever
TARGETS: dict[str, float] = {"html": 0.50}  # claimbook/chain ratio the HTML render aims for

Command = list[str]
Steps = Callable[[Path, argparse.Namespace], list[Command]]


# --- what each side types -------------------------------------------------------------------------


def chain_html(out: Path, args: argparse.Namespace) -> list[Command]:
    """The baseline: execute with papermill, then export code-free HTML with nbconvert."""
    return [
        ["papermill", NOTEBOOK, str(out / "out.ipynb"), "-p", "start", args.start, "-p", "end",
         args.end, "-p", "data_dir", str(DATA_DIR), "--no-progress-bar"],
        ["jupyter", "nbconvert", "--to", "html", "--no-input", str(out / "out.ipynb")],
    ]


def chain_pdf(out: Path, args: argparse.Namespace) -> list[Command]:
    """The baseline plus WeasyPrint: no LaTeX or browser here, so that is what a user would type."""
    return [*chain_html(out, args), ["weasyprint", str(out / "out.html"), str(out / "out.pdf")]]


def claimbook_cmd(fmt: str) -> Steps:
    """`claimbook render` for the same range; it also writes the executed .ipynb (intended)."""

    def steps(out: Path, args: argparse.Namespace) -> list[Command]:
        return [["claimbook", "render", "--start", args.start, "--end", args.end, "--format", fmt,
                 "--out", str(out / "r"), "--reports-dir", str(out / "reports")]]

    return steps


@dataclass(frozen=True)
class Pair:
    """One output set, produced both ways; `expect_*` are checked after each run (outside the timing)."""

    name: str
    chain: Steps
    claimbook: Steps
    expect_chain: tuple[str, ...]
    expect_claimbook: tuple[str, ...]


PAIRS = (
    Pair("html", chain_html, claimbook_cmd("html"),
         ("out.ipynb", "out.html"), ("r/report.ipynb", "r/report.html")),
    Pair("html+pdf", chain_pdf, claimbook_cmd("html,pdf"),
         ("out.ipynb", "out.html", "out.pdf"), ("r/report.ipynb", "r/report.html", "r/report.pdf")),
)


# --- running ----------------------------------------------------------------------------------------


class BenchError(Exception):
    """A command failed or is missing: the numbers would be meaningless, so stop."""


def environment() -> dict[str, str]:
    """The caller's environment with the venv's bin first on PATH, as after `source .venv/bin/activate`."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    env["VIRTUAL_ENV"] = str(VENV_BIN.parent)
    missing = [exe for exe in EXECUTABLES if shutil.which(exe, path=str(VENV_BIN)) is None]
    if missing:
        raise BenchError(f"not in {VENV_BIN}: {', '.join(missing)}; run `make install` first")
    return env


def run_steps(steps: list[Command], out: Path, expect: tuple[str, ...], env: dict[str, str],
              stderr_log: list[str]) -> float:
    """Run the commands one after another; return their total wall time in seconds.

    Output is captured (WeasyPrint alone prints hundreds of CSS warnings) so the terminal does
    not slow either side down; it is shown only when a command fails.
    """
    elapsed = 0.0
    for cmd in steps:
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                                  timeout=STEP_TIMEOUT, check=False)
        except subprocess.TimeoutExpired as e:
            raise BenchError(f"timed out after {STEP_TIMEOUT:.0f} s: {' '.join(cmd)}") from e
        elapsed += time.perf_counter() - t0
        stderr_log.append(proc.stderr)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-25:])
            raise BenchError(f"exit code {proc.returncode}: {' '.join(cmd)}\n--- last output ---\n{tail}")
    missing = [name for name in expect if not (out / name).is_file()]
    if missing:
        raise BenchError(f"{' '.join(steps[-1])} exited 0 but did not write {', '.join(missing)}")
    return elapsed


def timed_run(steps: Steps, expect: tuple[str, ...], args: argparse.Namespace, env: dict[str, str],
              stderr_log: list[str]) -> float:
    """One run in a fresh temporary folder, so no run reuses another's outputs."""
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        out = Path(tmp)
        return run_steps(steps(out, args), out, expect, env, stderr_log)


def warning_summary(stderr_texts: list[str]) -> str:
    """How many WARNING lines the commands printed: noise the user would see, worth knowing about."""
    lines = [line for text in stderr_texts for line in text.splitlines() if "WARNING" in line]
    if not lines:
        return "no WARNING lines on stderr"
    kinds: dict[str, int] = {}
    for line in lines:
        key = "WeasyPrint CSS/anchor" if line.startswith("WARNING:") else line.split("|", 1)[-1].strip()[:70]
        kinds[key] = kinds.get(key, 0) + 1
    return "; ".join(f"{n} x {key}" for key, n in kinds.items())


# --- reporting ------------------------------------------------------------------------------------


def machine() -> str:
    """nproc (CPUs this process may use), the interpreter and the load when the benchmark started."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 0
    load = f", load average {os.getloadavg()[0]:.2f} at start" if hasattr(os, "getloadavg") else ""
    return (f"machine: nproc {cpus}, Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.machine()}{load}")


def row(name: str, chain: list[float], claimbook: list[float]) -> str:
    """Medians of each side and the median of the per-run ratios of alternating pairs."""
    ratio = statistics.median(cb / ch for cb, ch in zip(claimbook, chain, strict=True))
    target = TARGETS.get(name)
    verdict = f" (target <= {target:.2f})" if target is not None else ""
    return (f"{name:<9} chain {statistics.median(chain):5.2f} s   "
            f"claimbook {statistics.median(claimbook):5.2f} s   ratio {ratio:.2f}{verdict}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each command (default 5)")
    parser.add_argument("--start", default="2025-04-01", help="first day of the report's range")
    parser.add_argument("--end", default="2025-08-31", help="last day of the report's range")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    try:
        env = environment()
        print(f"benchmark: {NOTEBOOK}, start {args.start}, end {args.end}", flush=True)
        print(machine(), flush=True)
        # Warm-up: page cache, matplotlib/fontconfig caches. The HTML+PDF commands run everything
        # the HTML-only ones do, so warming them up once covers all four commands.
        warm = PAIRS[-1]
        chain_err: list[str] = []
        cb_err: list[str] = []
        print("warm-up (untimed) ...", file=sys.stderr, flush=True)
        timed_run(warm.chain, warm.expect_chain, args, env, chain_err)
        timed_run(warm.claimbook, warm.expect_claimbook, args, env, cb_err)
        times: dict[str, tuple[list[float], list[float]]] = {p.name: ([], []) for p in PAIRS}
        for i in range(1, args.runs + 1):
            for pair in PAIRS:
                chain_times, cb_times = times[pair.name]
                chain_times.append(timed_run(pair.chain, pair.expect_chain, args, env, []))
                cb_times.append(timed_run(pair.claimbook, pair.expect_claimbook, args, env, []))
                print(f"run {i}/{args.runs} {pair.name:<9} chain {chain_times[-1]:5.2f} s   "
                      f"claimbook {cb_times[-1]:5.2f} s", file=sys.stderr, flush=True)
    except BenchError as e:
        print(f"bench_render: aborted: {e}", file=sys.stderr)
        return 1
    print(f"runs: {args.runs} of each command, alternating chain/claimbook, after one untimed "
          f"warm-up; medians:")
    for pair in PAIRS:
        print(row(pair.name, *times[pair.name]))
    print(f"stderr of the chain (warm-up): {warning_summary(chain_err)}")
    print(f"stderr of claimbook (warm-up): {warning_summary(cb_err)}")
    print(f"total wall time {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
