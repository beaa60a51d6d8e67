"""A report's `meta.json`: the one place that writes it, reads it back and decides it is ours.

Every reader — the index, the batch's skip check, the edition comparison, the publisher
deciding whether a folder may be replaced — goes through `read`, with one size cap and one
shape check, so a foreign or broken file is refused the same way everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

META = "meta.json"
MAX_BYTES = 1 << 20  # a meta.json claimbook writes is a few kilobytes; a larger one is not ours


class NotOurs(ValueError):
    """A meta.json that cannot be read, or has not the shape of the ones claimbook writes."""


def shape_problem(meta: Any) -> str:
    """What makes `meta` unlike the meta.json claimbook writes ('' when it is alike)."""
    if not isinstance(meta, dict):
        return f"a JSON {type(meta).__name__}, not an object"
    if "claimbook" not in meta:
        return 'no "claimbook" key: not written by claimbook'
    if not isinstance(meta.get("counts", {}), dict):
        return '"counts" is not an object'
    files = meta.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return '"files" is not an object of file names'
    if not isinstance(meta.get("generated", ""), str):
        return '"generated" is not a date text'
    return ""


def load(path: Path) -> dict[str, Any]:
    """The meta.json at `path`, checked; NotOurs says why it is not one of ours."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_BYTES:
            raise NotOurs(f"not a regular file of at most {MAX_BYTES >> 20} MiB")
        meta = json.loads(path.read_text(encoding="utf-8"))
    except NotOurs:
        raise
    except (OSError, ValueError, RecursionError) as e:  # RecursionError: absurdly nested JSON
        raise NotOurs(f"cannot read it ({e})") from e
    problem = shape_problem(meta)
    if problem:
        raise NotOurs(problem)
    return meta


def read(folder: Path) -> dict[str, Any] | None:
    """The meta.json of the report in `folder`, or None when there is none of ours."""
    try:
        return load(folder / META)
    except NotOurs:
        return None


def encode(meta: dict[str, Any]) -> bytes:
    """The bytes written for `meta` (checked: a writer cannot write what readers refuse)."""
    problem = shape_problem(meta)
    if problem:
        raise ValueError(f"refusing to write a meta.json that readers would refuse: {problem}")
    return json.dumps(meta, indent=1, ensure_ascii=False).encode("utf-8")


def write(folder: Path, meta: dict[str, Any]) -> None:
    """Write `meta` as `folder`/meta.json (a private folder, published whole afterwards)."""
    (folder / META).write_bytes(encode(meta))
