"""`claimbook convert`: switch a data folder's claim tables between CSV and Parquet.

CSV is what an analyst edits in a spreadsheet; Parquet is what a million-row table is read
from quickly (see `store.parquet`). The folder is validated first (all of it: a broken table is not
converted), the new files are written beside the old ones and renamed into place, and each old
file is kept as `<name>.bak`. Should any step fail (a write, a rename, the new files' validation)
the folder is left exactly as it was. A Parquet table converted again to Parquet is rewritten, which
recomputes its derived dates (the fix when another tool edited it).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from claimbook import publish, schema, store
from claimbook.errors import ConfigError, DataError
from claimbook.store.write import backup_path, unchanged_on_failure, write_tables, writing

log = logging.getLogger("claimbook")


@dataclass(frozen=True)
class Converted:
    tables: dict[str, tuple[Path, Path]]  # table name -> (old file, new file)


def convert_folder(data_dir: str | Path, to: str,
                   wait: float = publish.WRITE_WAIT) -> Converted:
    """Rewrite the claims and mentions tables of `data_dir` in format `to` (csv or parquet),
    under the data folder's write lock (waiting up to `wait` seconds)."""
    if to not in store.STORAGE_FORMATS:
        raise ConfigError(f"--to {to!r}: choose {' or '.join(store.STORAGE_FORMATS)}")
    data_dir = Path(data_dir)
    with publish.data_lock(data_dir, wait):
        return _convert_locked(data_dir, to)


def _convert_locked(data_dir: Path, to: str) -> Converted:
    raw, paths = store.read_raw(data_dir, derived=False)
    problems, _ = store.check_relations(raw["documents"], raw["claims"], raw["mentions"],
                                        data_dir, paths)
    if problems:
        raise DataError(problems)
    tables = [t for t in schema.TABLES if t.name in store.PARQUET_TABLES]
    plan = {t.name: (paths[t.name], store.path_for(data_dir, t, to)) for t in tables}
    frames = {}
    for t in tables:
        old, new = plan[t.name]
        if old == new and to == "csv":
            continue  # a CSV stays byte for byte as the analyst saved it
        df = raw[t.name]
        if to == "csv" and t.name == "claims":
            df = df.sort_values("claim_id", kind="stable", ignore_index=True)
        frames[new] = (df, t)
    if frames:  # else CSV stays CSV: nothing is written (a read-only folder is fine)
        touched = [p for old, new in plan.values()
                   for p in (old, new, backup_path(old), backup_path(new))]
        with writing(data_dir), unchanged_on_failure(touched):
            write_tables(frames)
            for old, new in plan.values():
                if old != new:
                    os.replace(old, backup_path(old))
            store.load(data_dir)  # what was written reads back valid, or nothing changes
    store.mark_valid(data_dir)
    for name, (old, new) in plan.items():
        log.info("%s: %s -> %s", name, old.name, new.name)
    return Converted(plan)
