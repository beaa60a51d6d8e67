"""A model's shipped weights, read in one place: the package file (gzip-compressed JSON), and one
`ModelError` naming the file, what is wrong and how to get it back.

The claim-worthiness score (`worthiness`), the learned claim types (`learned_types`) and the
learned keep (`learned_keep`) each read their weights through `load`, parsing the JSON with their
own function; any error reading or parsing the file is the same typed error. The two-class models
turn their log-odds into a chance with `logistic`.

The training scripts (`tools/train_*.py`) write the file with `write` (the same bytes for the same
model) and, with `--check`, compare what they train with the shipped file by `differences`.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from claimbook.errors import ModelError

T = TypeVar("T")


def load(folder: str, name: str, what: str, trainer: str, parse: Callable[[dict[str, Any]], T]) -> T:
    """`parse` of the JSON in claimbook/sources/<folder>/<name>; a ModelError if the file is
    missing, not gzip-compressed JSON, or not what `parse` expects."""
    try:
        raw = resources.files("claimbook.sources").joinpath(folder, name).read_bytes()
        return parse(json.loads(gzip.decompress(raw)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ModelError(f"the {what} weights (claimbook/sources/{folder}/{name}) cannot be read: "
                         f"{e.__class__.__name__}: {str(e)[:200]}; reinstall claimbook or retrain "
                         f"them with {trainer}") from e


def logistic(z: float) -> float:
    """The chance of log-odds `z` (0 far below, where exp would overflow)."""
    return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


def encode(model: dict[str, Any]) -> bytes:
    """A model as gzip-compressed JSON: the same bytes for the same model (no timestamp)."""
    return gzip.compress(json.dumps(model, separators=(",", ":")).encode(), mtime=0)


def write(path: Path, model: dict[str, Any]) -> int:
    """Write a model's weights file (`encode`); its size in bytes."""
    data = encode(model)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def read(path: Path) -> Any:
    """The decoded JSON of a weights file."""
    return json.loads(gzip.decompress(path.read_bytes()))


def differences(shipped: Any, trained: Any, tolerance: float = 1e-3, where: str = "") -> list[str]:
    """Where a trained model differs from the shipped one, one line each: floats (weights, biases)
    may differ by `tolerance` (a solver's last digits move between library releases); keys,
    classes, counts, strings and list lengths must be equal."""
    at = where or "the model"
    if isinstance(shipped, dict) and isinstance(trained, dict):
        out = [f"{at}: key {k!r} only in the shipped file" for k in shipped if k not in trained]
        out += [f"{at}: key {k!r} only in the trained model" for k in trained if k not in shipped]
        for k in shipped:
            if k in trained:
                out += differences(shipped[k], trained[k], tolerance, f"{where}.{k}" if where else k)
        return out
    if isinstance(shipped, list) and isinstance(trained, list):
        if len(shipped) != len(trained):
            return [f"{at}: {len(shipped)} items shipped, {len(trained)} trained"]
        return [d for i, (a, b) in enumerate(zip(shipped, trained, strict=True))
                for d in differences(a, b, tolerance, f"{where}[{i}]")]
    if isinstance(shipped, float) and isinstance(trained, float):
        ok = math.isclose(shipped, trained, rel_tol=0.0, abs_tol=tolerance)
        return [] if ok else [f"{at}: {shipped!r} shipped, {trained!r} trained"]
    if type(shipped) is not type(trained) or shipped != trained:
        return [f"{at}: {shipped!r} shipped, {trained!r} trained"]
    return []


def check(path: Path, model: dict[str, Any], tolerance: float = 1e-3, show: int = 20) -> int:
    """Compare a freshly trained model with the shipped file at `path`, print what differs (the
    first `show` lines and how many more) and return the exit status: 0 the same, 1 not."""
    diffs = differences(read(path), model, tolerance)
    if not diffs:
        print(f"{path}: the trained model equals the shipped weights (floats within {tolerance})")
        return 0
    print(f"{path}: {len(diffs)} differences between the shipped weights and the trained model:")
    print("\n".join(f"  {d}" for d in diffs[:show]))
    if len(diffs) > show:
        print(f"  … and {len(diffs) - show} more")
    return 1
