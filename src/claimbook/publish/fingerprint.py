"""What a report is made from, as hashes: whether a published report is current, and whether
its inputs changed while it was rendered (one report, one state of the data)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimbook import __version__, store
from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import digest
from claimbook.publish.export import template_files

log = logging.getLogger("claimbook")

def inputs(cfg: RenderConfig) -> list[Path]:
    """The files a report is made from: tables, sources, notebook, template. A render checks
    that none of them changed while it ran (`Snapshot`), whether or not the change is in its
    selection: one report, one state of the data."""
    data_dir = Path(cfg.params.data_dir)
    paths = list(store.table_paths(data_dir).values())  # CSV or Parquet, whichever is there
    paths += sorted((data_dir / "sources").glob("*")) + [cfg.notebook]
    return paths + template_files()


def fingerprint(cfg: RenderConfig, selection: str | None = None) -> str:
    """What a report shows: its selection of the data (`digest.selection_digest`, or
    `selection` when it was just computed: its claims, their mentions and sources), notebook,
    template, claimbook, parameters.

    Equal fingerprints mean an identical report (but for its generation time), so a batch may
    skip it; a change to claims the report does not show leaves it as it is. Sources are hashed
    as files, so an edited source counts even before validation.
    """
    if selection is None:
        selection = digest.selection_digest(cfg.params)
    return _hash_with(cfg, selection.encode())


def inputs_fingerprint(cfg: RenderConfig, data_fingerprint: str | None = None) -> str:
    """A cheap stand-in for `fingerprint` that changes whenever it could change: the bytes of
    the tables (all of them, not only the report's selection), the size and time of every
    source file, notebook, template, claimbook and parameters. Equal means the report is
    current without reading its selection again (the index and batch check hundreds of
    reports); different means `fingerprint` decides."""
    data_dir = Path(cfg.params.data_dir)
    parts = [(data_fingerprint or store.data_fingerprint(data_dir)).encode()]
    sources = data_dir / "sources"
    for path in sorted(sources.rglob("*")) if sources.is_dir() else []:
        st = path.stat()
        parts.append(f"{path.relative_to(data_dir)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return _hash_with(cfg, b"".join(parts))


def _hash_with(cfg: RenderConfig, data_part: bytes) -> str:
    """The hash both fingerprints share: claimbook, parameters, formats and kernel, then what
    stands for the data (`data_part`), then the notebook and the template files."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    params = {k: v for k, v in cfg.params.notebook_parameters().items() if k != "data_dir"}
    h.update(json.dumps([params, list(cfg.formats), cfg.kernel_name], sort_keys=True).encode())
    h.update(data_part)
    for path in [cfg.notebook, *template_files()]:
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return h.hexdigest()


def identities(cfg: RenderConfig) -> list[tuple[str, int, int, int]]:
    """Which file each input is (inode, size, mtime): a table replaced and put back (an undo)
    has the same bytes as before but not the same inode, and was read changed in between."""
    out = []
    for path in inputs(cfg):
        try:
            st = path.stat()
        except OSError:
            out.append((str(path), -1, -1, -1))
        else:
            out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return out


@dataclass
class Snapshot:
    """The state of a report's inputs when it starts reading them, to check against later."""

    cfg: RenderConfig
    identities: list[tuple[str, int, int, int]] | None = None
    selection: str = ""  # `digest.selection_digest`: the report's provenance shows it
    fingerprint: str = ""
    data_fingerprint: str = ""
    inputs_fingerprint: str = ""

    def take(self) -> None:
        self.identities = identities(self.cfg)
        # the bytes first: reading the selection may refuse a broken table, and `unchanged`
        # must then tell a broken table (raised as it is) from one caught half-way through a change
        self.data_fingerprint = store.data_fingerprint(self.cfg.params.data_dir)
        self.inputs_fingerprint = inputs_fingerprint(self.cfg, self.data_fingerprint)
        self.selection = digest.selection_digest(self.cfg.params)  # once: the kernel is handed it
        self.fingerprint = fingerprint(self.cfg, self.selection)

    def unchanged(self) -> bool:
        """Nothing was read yet, or the inputs are still the very files that were read.

        Every write of a table or source by claimbook is a new file renamed into place
        (`store.write`, `sources`), so any such write between `take` and now changes an
        identity (a new inode). The bytes of the tables, notebook and template are hashed again
        too (`inputs_fingerprint`, read in blocks: a fraction of a second for a million
        claims), which also catches another program rewriting one of them in place with the
        same size within one tick of the file system's clock (a source file is only told by
        its size and time: registered once, pinned by its sha256, it is never rewritten). The
        report's own `fingerprint` (its selection read and hashed as CSV: seconds and half a
        gigabyte for a million claims) is not computed again: it can only differ where these
        differ."""
        return self.identities is None or (
            identities(self.cfg) == self.identities
            and inputs_fingerprint(self.cfg) == self.inputs_fingerprint)


def is_current(meta: dict[str, Any], cfg: RenderConfig) -> bool:
    """Whether the report a meta.json describes shows what `cfg` would render now: the cheap
    inputs' fingerprint first, the selection's only when that differs."""
    if meta.get("inputs_fingerprint") == inputs_fingerprint(cfg):
        return True  # nothing it could show changed: its selection need not be read again
    return meta.get("fingerprint") == fingerprint(cfg)


def is_stale(meta: dict[str, Any]) -> bool | None:
    """Whether what a published report shows changed since it was rendered: its fingerprint
    recomputed from its meta.json's parameters and inputs. None when that cannot be told (a
    report of an older version, a data folder or notebook that is gone, a broken table)."""
    inputs, params = meta.get("inputs"), meta.get("parameters")
    if not isinstance(inputs, dict) or not isinstance(params, dict):
        return None
    try:
        cfg = RenderConfig(params=ReportParams.from_notebook(**{**params,
                                                               "data_dir": inputs["data"]}),
                           formats=tuple(inputs["formats"]), notebook=Path(inputs["notebook"]),
                           kernel_name=inputs["kernel"])
        return not is_current(meta, cfg)
    except Exception as e:  # noqa: BLE001 - the index is written whatever one report holds
        log.debug("index: cannot tell whether %s is stale: %s", meta.get("folder"), e)
        return None
