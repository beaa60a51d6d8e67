"""What the three training scripts (`train_types.py`, `train_keep.py`, `train_worthiness.py`) share:
their options (`--out`, `--check`) and their end — write the weights with
`claimbook.sources.model_files.write`, or with `--check` train in memory, compare with the shipped
file (`model_files.differences`: floats within a small tolerance, keys, classes, counts and
provenance exactly), print what differs and exit 1 if anything does.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from claimbook.sources import model_files


def arguments(doc: str | None, out: Path) -> argparse.ArgumentParser:
    """A trainer's parser (`doc` its description) with the options every trainer takes."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=out, help="the weights file (default: the shipped one)")
    ap.add_argument("--check", action="store_true",
                    help="train in memory, compare with the weights file, exit 1 where they differ; "
                         "writes nothing")
    return ap


def finish(args: argparse.Namespace, model: dict[str, Any], trained: str) -> int:
    """Write the model to `--out` (printing what was `trained` and the size), or with `--check`
    compare it with that file; the exit status."""
    if args.check:
        return model_files.check(args.out, model)
    size = model_files.write(args.out, model)
    print(f"{trained}, {size / 1024:.0f} KiB -> {args.out}")
    return 0
