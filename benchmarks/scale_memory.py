"""Where a command's memory goes: RSS sampled with the Python stack, stage by stage.

Runs one claimbook command in this process (as `claimbook.cli` would) while a thread samples,
every `--every` seconds, the process's resident set size, the bytes Arrow's memory pool holds
(`pyarrow.total_allocated_bytes`), with `--tracemalloc` the bytes Python's allocator traces, and
the claimbook functions on every thread's stack. It then prints, for each claimbook function
seen, how many samples it was on a stack, the RSS when it was first seen and the largest RSS,
Arrow and traced bytes while it was on one, largest peak first; and the samples around the
peak, all to stderr. A measurement, not a test (`benchmarks/README.md`, "Where the memory goes").

    .venv/bin/python benchmarks/scale_memory.py -- import --data /tmp/d FILE --mapping M
    .venv/bin/python benchmarks/scale_memory.py --tracemalloc -- convert --data /tmp/d --to parquet
"""

from __future__ import annotations

import argparse
import builtins
import functools
import os
import sys
import threading
import time
import tracemalloc
from collections import defaultdict

import psutil
import pyarrow as pa

from claimbook import cli

MiB = 2**20


class Sampler(threading.Thread):
    def __init__(self, every: float, traced: bool) -> None:
        super().__init__(daemon=True)
        self.every, self.traced = every, traced
        self.samples: list[tuple[float, int, int, int, tuple[str, ...]]] = []
        self.stop = threading.Event()
        self.proc = psutil.Process(os.getpid())

    def stacks(self) -> tuple[str, ...]:
        me = threading.get_ident()
        names: list[str] = []
        for ident, frame in sys._current_frames().items():
            if ident == me:
                continue
            chain = []
            f = frame
            while f is not None:
                mod = f.f_globals.get("__name__", "")
                if mod.startswith("claimbook") and mod != "claimbook.cli":
                    chain.append(f"{mod.removeprefix('claimbook.')}.{f.f_code.co_qualname}")
                f = f.f_back
            names.extend(reversed(chain))
        return tuple(dict.fromkeys(names))

    def run(self) -> None:
        t0 = time.perf_counter()
        while not self.stop.is_set():
            rss = self.proc.memory_info().rss
            traced = tracemalloc.get_traced_memory()[0] if self.traced else 0
            self.samples.append((time.perf_counter() - t0, rss, pa.total_allocated_bytes(),
                                 traced, self.stacks()))
            time.sleep(self.every)


def report(samples: list[tuple[float, int, int, int, tuple[str, ...]]], traced: bool) -> None:
    """The summary, to stderr (a command may write its own output to stdout)."""
    print = functools.partial(builtins.print, file=sys.stderr)  # noqa: A001
    seen: dict[str, list[float]] = {}
    count: dict[str, int] = defaultdict(int)
    for t, rss, arrow, py, names in samples:
        for n in names:
            if n not in seen:
                seen[n] = [t, rss, rss, arrow, py]
            s = seen[n]
            s[2], s[3], s[4] = max(s[2], rss), max(s[3], arrow), max(s[4], py)
            count[n] += 1
    peak = max(samples, key=lambda s: s[1])
    print(f"samples: {len(samples)}, {samples[-1][0]:.1f} s; peak RSS {peak[1] / MiB:.0f} MiB "
          f"at {peak[0]:.1f} s, Arrow pool then {peak[2] / MiB:.0f} MiB"
          + (f", traced {peak[3] / MiB:.0f} MiB" if traced else ""))
    print("stack at the peak: " + " > ".join(peak[4]))
    print(f"\n{'function':<58} {'samples':>7} {'first at':>8} {'RSS then':>9} {'peak RSS':>9} "
          f"{'Arrow':>7}" + (f" {'traced':>7}" if traced else ""))
    for n, (t, first, top, arrow, py) in sorted(seen.items(), key=lambda kv: -kv[1][2])[:40]:
        print(f"{n[:58]:<58} {count[n]:7d} {t:7.1f}s {first / MiB:6.0f} MiB {top / MiB:6.0f} MiB"
              f" {arrow / MiB:4.0f} MiB" + (f" {py / MiB:4.0f} MiB" if traced else ""))
    print("\nthe timeline (every 20th sample): seconds, RSS, Arrow, innermost claimbook function")
    for t, rss, arrow, _py, names in samples[::20]:
        print(f"  {t:6.1f} s {rss / MiB:6.0f} MiB {arrow / MiB:6.0f} MiB  {names[-1] if names else '-'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--every", type=float, default=0.01, help="seconds between samples")
    ap.add_argument("--tracemalloc", action="store_true",
                    help="also trace Python's allocations (slows the command 2-4x)")
    ap.add_argument("args", nargs=argparse.REMAINDER, help="the claimbook command and options")
    args = ap.parse_args()
    command = [a for a in args.args if a != "--"]
    if args.tracemalloc:
        tracemalloc.start()
    sampler = Sampler(args.every, args.tracemalloc)
    sampler.start()
    t0 = time.perf_counter()
    try:
        cli.cli.main(command, standalone_mode=False)
    finally:
        sampler.stop.set()
        sampler.join()
        wall = time.perf_counter() - t0
        usage = psutil.Process(os.getpid()).cpu_times()
        print(f"\nclaimbook {' '.join(command)}\nwall {wall:.1f} s, CPU {usage.user:.1f} + "
              f"{usage.system:.1f} s, load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
        report(sampler.samples, args.tracemalloc)


if __name__ == "__main__":
    main()
