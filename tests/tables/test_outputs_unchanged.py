"""The files import, validate, convert, `claims --format csv` and every export write for a
realistic fact-check table are byte for byte those the code wrote before the million-row memory
work (issue 27): their sha256 were recorded from that code (`expected_outputs.json`), and any
change of a byte, a row's order, a reject's reason or a printed count fails here.

Parquet files are compared by their decoded content and metadata (schema, key-value metadata,
row-group sizes), not their bytes, which carry the pyarrow version that wrote them, and without
the pandas and pyarrow versions pandas' own metadata names (a new release must not fail here)."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from conftest import run_cli as run
from places import FIXTURES

REALISTIC = FIXTURES / "scale" / "realistic.csv"
EXPECTED = FIXTURES / "scale" / "expected_outputs.json"
MAPPING = FIXTURES / "import" / "factchecks.toml"
SMALL = FIXTURES / "import" / "factchecks.csv"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def without_versions(key: str, value: str) -> str:
    """A key-value metadata entry without the versions of the libraries that wrote it (pandas'
    own entry names the pandas and pyarrow releases)."""
    if key != "pandas":
        return value
    meta = json.loads(value)
    meta.pop("pandas_version", None)
    meta.pop("creator", None)
    return json.dumps(meta, sort_keys=True)


def parquet_digest(path: Path) -> str:
    f = pq.ParquetFile(path)
    table = f.read()
    meta = {"schema": str(table.schema).split("-- schema metadata --")[0],
            "metadata": {k.decode(): without_versions(k.decode(), v.decode()) for k, v in
                         (table.schema.metadata or {}).items()},
            "row_groups": [f.metadata.row_group(i).num_rows for i in range(f.num_row_groups)],
            "rows": table.to_pylist()}
    return sha(json.dumps(meta, sort_keys=True, ensure_ascii=False, default=str).encode())


def outputs(tmp: Path) -> dict[str, str]:
    """Run the commands on a copy of the realistic table; every output's digest by name."""
    data, out = tmp / "data", {}
    rejects = tmp / "rejects.csv"

    def cmd(name: str, *args: str) -> None:
        r = run(*args)
        out[f"{name} exit"] = str(r.exit_code)
        out[f"{name} stdout"] = sha(r.stdout_bytes.replace(str(tmp).encode(), b"TMP"))

    def file(name: str, path: Path) -> None:
        out[name] = parquet_digest(path) if path.suffix == ".parquet" else sha(path.read_bytes())

    cmd("import", "import", "--data", str(data), str(REALISTIC), "--mapping", str(MAPPING),
        "--rejects", str(rejects))
    file("import claims.csv", data / "claims.csv")
    file("import rejects.csv", rejects)
    cmd("import again", "import", "--data", str(data), str(REALISTIC), "--mapping", str(MAPPING),
        "--rejects", str(tmp / "rejects-again.csv"))
    file("import again claims.csv", data / "claims.csv")
    cmd("validate", "validate", "--data", str(data))
    cmd("claims csv", "claims", "--data", str(data), "--format", "csv")
    for fmt in ("csv", "jsonl", "parquet", "claimreview"):
        target = tmp / f"export-{fmt}.{fmt}"
        cmd(f"export {fmt}", "export", "--data", str(data), "--format", fmt, "--out", str(target))
        file(f"export {fmt} file", target)
    cmd("convert parquet", "convert", "--data", str(data), "--to", "parquet")
    file("convert claims.parquet", data / "claims.parquet")
    cmd("parquet claims csv", "claims", "--data", str(data), "--format", "csv")
    for fmt in ("csv", "jsonl", "claimreview"):
        target = tmp / f"export-parquet-{fmt}.{fmt}"
        cmd(f"parquet export {fmt}", "export", "--data", str(data), "--format", fmt, "--out",
            str(target))
        file(f"parquet export {fmt} file", target)
    cmd("parquet import", "import", "--data", str(data), str(SMALL), "--mapping", str(MAPPING),
        "--rejects", str(tmp / "rejects-small.csv"))
    file("parquet import claims.parquet", data / "claims.parquet")
    file("parquet import rejects.csv", tmp / "rejects-small.csv")
    cmd("convert csv", "convert", "--data", str(data), "--to", "csv")
    file("convert claims.csv", data / "claims.csv")
    return out


def test_outputs_are_byte_for_byte_those_recorded(tmp_path: Path) -> None:
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = outputs(tmp_path)
    changed = {k: (expected.get(k), v) for k, v in got.items() if expected.get(k) != v}
    assert not changed, f"outputs differ from the recorded ones: {sorted(changed)}"
    assert set(got) == set(expected)


if __name__ == "__main__":  # PYTHONPATH=tests: record the digests (only from the code before a change)
    with tempfile.TemporaryDirectory() as t:
        digests = outputs(Path(t))
        shutil.copytree(t, sys.argv[1], dirs_exist_ok=True) if len(sys.argv) > 1 else None
    EXPECTED.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")
