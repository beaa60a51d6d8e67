"""Million-row claim tables: render time, peak memory and page size against a 1k-claim table.

For each size (1k, 100k, 1M claims by default) the script builds a synthetic data folder in a
temporary directory (claims.parquet; claimant skew: Zipf-distributed over 5,000 claimants, so a
few claimants make most claims; dates spread over 2015-2025 with day, month, quarter and year
precision and 5 % undated; a URL and imported attributes on every claim; 0.5 % of claims answer
a claim made up to about two months before it), then measures, each command a subprocess
started like a user would:

* `claimbook validate`: the full validation (vectorized), which also records the verdict so
  reports of this exact content do not validate again;
* `claimbook render --period 2025-06 --format html` (a monthly report): the first run after a
  change of the table (cold, validates in full) and the median of `--runs` warm runs;
* the same for the whole table (`all dates`), which reads five key columns of every row and
  writes every claim into the selection CSV beside the report.

Peak memory is the largest sum of the resident set sizes of the command's whole process tree
(the claimbook process and the Jupyter kernel it starts), sampled every 20 ms with psutil;
`/usr/bin/time -v` would report only the largest single process. It also times `claimbook
import` of a 20,000-row fact-check table, and (`bench_million`) import and `convert --to parquet`
of a million-row fact-check table against pandas reading the same file and writing it as
Parquet, then `validate`, `claims --format csv` and every export of the converted table, each
export against pyarrow or pandas writing the same format. The million-row table is by default
shaped like a real export (`scale_tables.realistic_table`: every statement, URL and id distinct);
`--table repeated` is the earlier table of 13,240 rows repeated, `--table both` runs both. A
measurement, not a test: it always exits 0.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,100000,1000000] [--runs 3]
    .venv/bin/python benchmarks/bench_scale.py --million 1000000 --no-render --table both
    .venv/bin/python benchmarks/bench_scale.py --million 250000,500000,1000000 --no-render
    .venv/bin/python benchmarks/bench_scale.py --no-render --import-only --import-runs 3
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

import scale_tables

ROOT = Path(__file__).resolve().parent.parent
CLAIMBOOK = [sys.executable, "-m", "claimbook.cli"]
NOTEBOOK = ROOT / "notebooks" / "claims_report.ipynb"
TARGETS = {"ratio": 2.0, "rss_mb": 1024.0, "html_mb": 1.0}
IMPORT_RATIO = 3.0  # a million-row import against pandas read_csv + to_parquet of the file

TYPES = ["allegation", "denial", "statement", "intelligence_report", "assessment", "event_report"]
TYPE_P = [0.30, 0.15, 0.25, 0.05, 0.15, 0.10]
CLAIMANT_TYPES = ["head_of_state", "government", "military_intelligence", "media", "individual",
                  "organization", "unknown"]
CHANNELS = ["tv", "speech", "social_media", "press_release", "interview", "newsletter"]


def synthetic_claims(n: int, seed: int = 7) -> pd.DataFrame:
    """n claims as text columns, in the shape an import of a fact-check table produces."""
    rng = np.random.default_rng(seed)
    ids = pd.Series(np.arange(n)).map("S{:07d}".format)
    claimant_no = rng.zipf(1.3, n)  # a long tail beyond 5,000 spreads over all of them
    claimant_no = np.where(claimant_no > 5000, rng.integers(1, 5001, n), claimant_no)
    claimant = pd.Series(claimant_no).map("Claimant {:04d}".format)
    days = pd.to_datetime("2015-01-01") + pd.to_timedelta(rng.integers(0, 4017, n), unit="D")
    kind = rng.choice(["day", "month", "quarter", "year", "none"], n,
                      p=[0.80, 0.09, 0.02, 0.04, 0.05])
    day_text = pd.Series(days.strftime("%Y-%m-%d"))
    date = day_text.where(kind == "day", "")
    date = date.where(kind != "month", day_text.str.slice(0, 7))
    date = date.where(kind != "year", day_text.str.slice(0, 4))
    quarter = day_text.str.slice(0, 4) + "-Q" + ((days.month - 1) // 3 + 1).astype(str)
    date = date.where(kind != "quarter", quarter)
    words = np.array(["troops", "border", "ministry", "reported", "denied", "said", "weapons",
                      "training", "volunteers", "officials", "statement", "region", "claims"])
    w = words[rng.integers(0, len(words), (n, 6))]
    claim = (pd.Series(w[:, 0]).str.capitalize() + " " + w[:, 1] + " " + w[:, 2] + " " + w[:, 3]
             + ", " + w[:, 4] + " and " + w[:, 5] + " (" + ids + ").")
    # 0.5 % answer another claim: one made up to two months before (a denial follows its
    # allegation), found among the claims in date order
    answers = rng.random(n) < 0.005
    order = np.argsort(days.to_numpy(), kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    back = np.maximum(rank - rng.integers(1, max(2, n // 66), n), 0)
    target = ids.to_numpy()[order[back]]
    responds_to = pd.Series(np.where(answers & (target != ids.to_numpy()) & (kind != "none")
                                     & (kind[order[back]] != "none"), target, ""))
    rating = rng.integers(0, 6, n).astype(str)
    channel = np.array(CHANNELS)[rng.integers(0, len(CHANNELS), n)]
    attributes = '{"rating": "' + pd.Series(rating) + '", "channel": "' + channel + '"}'
    return pd.DataFrame({
        "claim_id": ids, "claim": claim, "claimant": claimant,
        "claimant_type": np.array(CLAIMANT_TYPES)[claimant_no % len(CLAIMANT_TYPES)],
        "claim_type": rng.choice(TYPES, n, p=TYPE_P), "date": date,
        "claimant_country": "", "topic": "", "responds_to": responds_to, "notes": "",
        "url": "https://factcheck.example.org/claims/" + ids, "attributes": attributes,
    })


def build_folder(folder: Path, n: int) -> Path:
    from claimbook.claims import schema
    from claimbook.store.write import write_tables

    data = folder / "data"
    data.mkdir(parents=True)
    (data / "documents.csv").write_text(",".join(schema.DOCUMENTS.names) + "\n", encoding="utf-8")
    (data / "mentions.csv").write_text(",".join(schema.MENTIONS.names) + "\n", encoding="utf-8")
    write_tables({data / "claims.parquet": (synthetic_claims(n), schema.CLAIMS)})
    return data


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


LAST_CPU: list[float] = [0.0]  # CPU seconds (user + sys) of the last `measure`d command's tree


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], env: dict[str, str], stdout: Path | None = None
            ) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of the command's whole process tree (its standard
    output to the file `stdout`, for outputs larger than a pipe holds); its CPU seconds (user +
    sys, all its threads and waited-for children) in `LAST_CPU`."""
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    cpu0 = children_cpu()
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=sink, stderr=errors)
        ps = psutil.Process(p.pid)
        peak = 0
        while p.poll() is None:
            peak = max(peak, tree_rss(ps))
            time.sleep(0.02)
        elapsed = time.perf_counter() - t0
        p.communicate()
        if stdout:
            sink.close()  # type: ignore[union-attr]
        errors.seek(0)
        err = errors.read()
    LAST_CPU[0] = children_cpu() - cpu0
    if p.returncode not in (0, 1):
        raise SystemExit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return elapsed, peak


def render_cmd(data: Path, out: Path, period: str | None) -> list[str]:
    return [*CLAIMBOOK, "render", "--data", str(data), "--format", "html", "--out", str(out),
            "--reports-dir", str(out.parent), "--notebook", str(NOTEBOOK),
            *(["--period", period] if period else [])]


REPORTS = (("2025-06", "2025-06"), ("all dates", None))


def bench(sizes: list[int], runs: int, tmp: Path, env: dict[str, str]) -> list[dict]:
    """Every size and report; warm runs interleaved across sizes so that machine noise (other
    work on a shared machine) hits them alike."""
    folders, rows = {}, {}
    for n in sizes:
        t0 = time.perf_counter()
        folders[n] = build_folder(tmp / f"n{n}", n)
        size_mb = (folders[n] / "claims.parquet").stat().st_size / 1e6
        print(f"{n:,} claims: built in {time.perf_counter() - t0:.1f} s, claims.parquet "
              f"{size_mb:.1f} MB", file=sys.stderr)
    for n in sizes:
        validate_s, validate_rss = measure([*CLAIMBOOK, "validate", "--data", str(folders[n])], env)
        for label, period in REPORTS:
            out = tmp / "reports" / f"r{n}-{label.replace(' ', '-')}"
            # cold: a new validation cache, as after any change of the table
            cold_env = {**env, "CLAIMBOOK_CACHE": str(tmp / f"cache-cold-{n}-{label}")}
            cold_s, cold_rss = measure(render_cmd(folders[n], out, period), cold_env)
            rows[n, label] = {"claims": n, "report": label, "validate_s": validate_s,
                              "validate_rss": validate_rss, "cold_s": cold_s, "cold_rss": cold_rss,
                              "warm": []}
            print(f"  {n:,} {label}: validate {validate_s:.1f} s, cold render {cold_s:.1f} s",
                  file=sys.stderr)
    for i in range(runs):
        for n in sizes:
            for label, period in REPORTS:
                out = tmp / "reports" / f"r{n}-{label.replace(' ', '-')}"
                seconds, rss = measure(render_cmd(folders[n], out, period), env)
                rows[n, label]["warm"].append((seconds, rss, LAST_CPU[0]))
        print(f"warm round {i + 1}/{runs} done", file=sys.stderr)
    result = []
    for (n, label), r in rows.items():
        out = tmp / "reports" / f"r{n}-{label.replace(' ', '-')}"
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
        r.update(warm_s=statistics.median(w[0] for w in r["warm"]),
                 warm_all=[round(w[0], 1) for w in r["warm"]],
                 warm_rss=max(w[1] for w in r["warm"]),
                 warm_cpu=statistics.median(w[2] for w in r["warm"]),
                 html_kb=(out / "report.html").stat().st_size / 1e3,
                 csv_mb=(out / "selection.csv").stat().st_size / 1e6,
                 listed=sum(meta["counts"][g] for g in ("in_range", "imprecise", "undated")))
        result.append(r)
    return result


def bench_import(tmp: Path, env: dict[str, str], n: int = 20_000) -> tuple[float, int]:
    """`claimbook import` of an n-row fact-check table (M/D/YYYY dates, quotes, 0-5 ratings)."""
    rng = np.random.default_rng(3)
    src = tmp / "factchecks-20k.csv"
    with open(src, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["statement_originator", "statement", "statement_date", "verdict",
                    "statement_source", "factcheck_analysis_link", "factchecker"])
        for i in range(n):
            w.writerow([f"Speaker {min(int(rng.zipf(1.4)), 900)}",
                        f'Says "figure {i}" doubled, and the rest of a typical statement.',
                        f"{rng.integers(1, 13)}/{rng.integers(1, 29)}/{rng.integers(2008, 2026)}",
                        rng.integers(0, 6), CHANNELS[i % len(CHANNELS)],
                        f"https://factcheck.example.org/{i}/", "Example Fact Check"])
    data = tmp / "import" / "data"
    mapping = ROOT / "tests" / "fixtures" / "import" / "factchecks.toml"
    seconds, rss = measure([*CLAIMBOOK, "import", "--data", str(data), str(src), "--mapping",
                            str(mapping), "--rejects", str(tmp / "rejects.csv")], env)
    return seconds, rss


EXPORT_RATIO = 3.0  # an export against pyarrow or pandas writing the same format
# What a user would otherwise run to write each format from the same Parquet table: pyarrow's
# writers for CSV and Parquet, pandas' JSON lines writer for JSON lines and for ClaimReview
# (JSON-LD has no library writer; JSON lines of the same rows is the nearest).
EXPORT_BASELINES = {
    "csv": "import sys, pyarrow.parquet as pq, pyarrow.csv as c; "
           "c.write_csv(pq.read_table(sys.argv[1]), sys.argv[2])",
    "parquet": "import sys, pyarrow.parquet as pq; "
               "pq.write_table(pq.read_table(sys.argv[1]), sys.argv[2], compression='zstd')",
    "jsonl": "import sys, pandas as pd; "
             "pd.read_parquet(sys.argv[1]).to_json(sys.argv[2], orient='records', lines=True, "
             "force_ascii=False, date_format='iso')",
}
EXPORT_BASELINES["claimreview"] = EXPORT_BASELINES["jsonl"]


def write_table(kind: str, n: int, path: Path) -> None:
    """The `kind` fact-check table (`scale_tables`: realistic or repeated) of n rows as CSV."""
    t0 = time.perf_counter()
    table = scale_tables.repeated_table(n) if kind == "repeated" else scale_tables.realistic_table(n)
    scale_tables.write_csv(table, path)
    print(f"{n:,}-row {kind} fact-check table: {path.stat().st_size / 1e6:.0f} MB, built in "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)


Row = tuple[str, float, float, int, float | None, float | None]  # label, wall, CPU, RSS, base


def bench_million(tmp: Path, env: dict[str, str], n: int, kind: str = "realistic",
                  import_runs: int = 1, import_only: bool = False) -> list[Row]:
    """Import and convert of an n-row fact-check table (`kind`: realistic or repeated),
    against pandas reading the same file and writing it as Parquet (the baseline); then
    `validate`, `claims --format csv` and the exports of the whole converted table, each
    export against pyarrow or pandas writing the same format from the converted claims.parquet
    (`EXPORT_BASELINES`, run just before it). The baseline and the import are run
    `import_runs` times, alternately, each into a new folder (the medians are reported); the
    rest once (they cost minutes of shared CPU)."""
    src = tmp / f"factchecks-{kind}-{n}.csv"
    write_table(kind, n, src)
    data = tmp / f"million-{kind}-{n}" / "data"
    mapping = ROOT / "tests" / "fixtures" / "import" / "factchecks.toml"
    baseline = [sys.executable, "-c", "import sys, pandas as pd; pd.read_csv(sys.argv[1], "
                "dtype=str, keep_default_na=False).to_parquet(sys.argv[2])", str(src),
                str(tmp / "baseline.parquet")]
    steps = [
        ("baseline: pandas read_csv + to_parquet", baseline, None),
        ("import", [*CLAIMBOOK, "import", "--data", str(data), str(src), "--mapping",
                    str(mapping), "--rejects", str(tmp / "rejects-million.csv")], None),
        ("convert --to parquet", [*CLAIMBOOK, "convert", "--data", str(data), "--to",
                                  "parquet"], None),
        ("validate", [*CLAIMBOOK, "validate", "--data", str(data)], None),
        ("claims --format csv", [*CLAIMBOOK, "claims", "--data", str(data), "--format", "csv"],
         tmp / "claims.csv"),
        *((f"export --format {f}", [*CLAIMBOOK, "export", "--data", str(data), "--format", f,
                                    "--out", str(tmp / f"export.{f}")], None)
          for f in ("csv", "jsonl", "parquet", "claimreview")),
    ]
    out: list[Row] = []
    pairs: list[list[tuple[float, float, int]]] = [[], []]
    for run in range(import_runs):
        for i, (label, cmd, stdout) in enumerate(steps[:2]):
            shutil.rmtree(data.parent, ignore_errors=True)
            seconds, rss = measure(cmd, env, stdout)
            pairs[i].append((seconds, LAST_CPU[0], rss))
            print(f"  {label} ({run + 1}/{import_runs}): {seconds:.1f} s, {LAST_CPU[0]:.1f} s CPU"
                  f", {rss / 2**20:.0f} MiB", file=sys.stderr)
    base = (statistics.median(r[0] for r in pairs[0]), statistics.median(r[1] for r in pairs[0]))
    for (label, _, _), runs in zip(steps[:2], pairs, strict=True):
        out.append((label, statistics.median(r[0] for r in runs),
                    statistics.median(r[1] for r in runs), max(r[2] for r in runs), *base))
    for label, cmd, stdout in ([] if import_only else steps[2:]):
        if label.startswith("export"):
            fmt = label.split()[-1]
            code = EXPORT_BASELINES[fmt]
            base_cmd = [sys.executable, "-c", code, str(data / "claims.parquet"),
                        str(tmp / f"baseline-export.{fmt}")]
            b_s, b_rss = measure(base_cmd, env)
            b_cpu = LAST_CPU[0]
            out.append((f"  baseline for {fmt}: " + ("pyarrow" if "pyarrow.csv" in code or
                        "write_table" in code else "pandas to_json lines"), b_s, b_cpu, b_rss,
                        None, None))
            base = (b_s, b_cpu)
        seconds, rss = measure(cmd, env, stdout)
        out.append((label, seconds, LAST_CPU[0], rss, *base))
        print(f"  {label}: {seconds:.1f} s, {LAST_CPU[0]:.1f} s CPU, {rss / 2**20:.0f} MiB",
              file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--runs", type=int, default=3, help="warm runs per report (median)")
    ap.add_argument("--million", default="1000000",
                    help="rows of the import/convert/export measurement, comma-separated sizes "
                         "for a linearity run, e.g. 250000,500000,1000000 (0: skip it)")
    ap.add_argument("--table", choices=["realistic", "repeated", "both"], default="realistic",
                    help="the million-row table: every value distinct (realistic) or 13,240 "
                         "base rows repeated (the earlier benchmark)")
    ap.add_argument("--no-render", action="store_true",
                    help="only the import/convert/export measurement")
    ap.add_argument("--import-runs", type=int, default=1,
                    help="runs of the baseline and the import, alternately (medians)")
    ap.add_argument("--import-only", action="store_true",
                    help="of the million-row measurement, only the baseline and the import")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="cb-bench-scale-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "CLAIMBOOK_CACHE": str(tmp / "cache")}
        env["PATH"] = os.pathsep.join([str(ROOT / ".venv" / "bin"), env.get("PATH", "")])
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
              f"{psutil.virtual_memory().total / 2**30:.0f} GiB", file=sys.stderr)
        load_before = os.getloadavg()
        kinds = ["realistic", "repeated"] if args.table == "both" else [args.table]
        million = []
        for kind in kinds:
            for n in (int(m) for m in args.million.split(",") if int(m)):
                loads = os.getloadavg()
                rows = bench_million(tmp, env, n, kind, args.import_runs, args.import_only)
                million.append((kind, n, rows, loads, os.getloadavg()))
        if args.no_render:
            report_million(million)
            return
        import_s, import_rss = bench_import(tmp, env)
        rows = bench(sizes, args.runs, tmp, env)
        load_after = os.getloadavg()
    report_million(million)
    base = {r["report"]: r["warm_s"] for r in rows if r["claims"] == sizes[0]}
    base_cpu = {r["report"]: r["warm_cpu"] for r in rows if r["claims"] == sizes[0]}
    print(f"\nimport of 20,000 fact-check rows: {import_s:.2f} s wall (process start included), "
          f"peak RSS {import_rss / 2**20:.0f} MiB")
    print(f"load average {load_before[0]:.1f} before, {load_after[0]:.1f} after "
          f"({os.cpu_count()} cpus): above the cpu count, the times include other work")
    print("\nclaims     report     validate  render cold  render warm  ratio  peak RSS cold  "
          "peak RSS warm  HTML     selection.csv  listed     warm runs (s)  CPU warm  CPU ratio")
    for r in rows:
        ratio = r["warm_s"] / base[r["report"]]
        print(f"{r['claims']:>9,}  {r['report']:<9}  {r['validate_s']:6.1f} s  {r['cold_s']:8.1f} s"
              f"  {r['warm_s']:8.1f} s  {ratio:5.2f}  {r['cold_rss'] / 2**20:8.0f} MiB"
              f"  {r['warm_rss'] / 2**20:9.0f} MiB  {r['html_kb']:5.0f} kB  {r['csv_mb']:8.1f} MB"
              f"  {r['listed']:>9,}  {r['warm_all']}  {r['warm_cpu']:6.1f} s"
              f"  {r['warm_cpu'] / base_cpu[r['report']]:5.2f}")
    print(f"\ntargets: warm ratio <= {TARGETS['ratio']}, peak RSS < {TARGETS['rss_mb']:.0f} MiB, "
          f"HTML < {TARGETS['html_mb']} MB (ratio: median warm render against the "
          f"{sizes[0]:,}-claim render of the same report; cold: the first render after a change "
          "of the table, which validates it in full; CPU: user + sys of the render's process "
          "tree, median of the warm runs, which other work on the machine shifts less)")


def report_million(million: list[tuple[str, int, list[Row], tuple[float, ...],
                                      tuple[float, ...]]]) -> None:
    for kind, n, rows, load_before, load_after in million:
        print(f"\n{n:,} fact-check rows, {kind} table (load average {load_before[0]:.1f} before, "
              f"{load_after[0]:.1f} after, {os.cpu_count()} cpus)")
        print("command                                    wall      x baseline  CPU       "
              "x baseline  peak RSS   RSS/row")
        for label, seconds, cpu, rss, base_s, base_cpu in rows:
            ratio = f"{seconds / base_s:6.2f}" if base_s else "      "
            cpu_ratio = f"{cpu / base_cpu:6.2f}" if base_cpu else "      "
            print(f"{label:<42} {seconds:7.1f} s  {ratio}      {cpu:7.1f} s  {cpu_ratio}      "
                  f"{rss / 2**20:6.0f} MiB  {rss / n:5.0f} B")
    if million:
        print(f"targets: import <= {IMPORT_RATIO}x the baseline's wall time and <= 4x its CPU; "
              f"each export <= {EXPORT_RATIO}x the baseline above it; peak RSS < "
              f"{TARGETS['rss_mb']:.0f} MiB for import, convert, validate, claims --format csv "
              "and every export (CPU: user + sys of every thread, which other work on the "
              "machine disturbs less than wall time)")


if __name__ == "__main__":
    main()
