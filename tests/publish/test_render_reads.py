"""One render's claimbook process reads one state of the tables once (`store/reading.py`).

Before, a month of a Parquet table had each table hashed five times in the claimbook process
(the fingerprint before reading, the validation stamp's key three times, the check after the
run) and the selection's keys and rows read three times each. The checks stay: the tables'
bytes are hashed before reading and again after the run, and a folder whose content changed is
validated before it is read.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from claimbook import store
from claimbook.claims import schema
from claimbook.claims.summary import KEY_COLUMNS
from claimbook.errors import DataError
from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import render
from claimbook.store import parquet, validation
from conftest import run_cli, set_cell
from places import NOTEBOOK


@pytest.fixture
def parquet_data(data_copy: Path) -> Path:
    done = run_cli("convert", "--data", str(data_copy), "--to", "parquet")
    assert done.exit_code == 0, done.output
    assert (data_copy / "claims.parquet").is_file()
    return data_copy


def test_a_render_hashes_each_table_once_per_check_and_reads_its_selection_once(
        parquet_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A month of a Parquet table, validated before: the claims file is hashed three times
    (the fingerprint before reading, the validation stamp's key, the check after the run), the
    stamp looked up once, the key columns and the rows of the selection decoded once each."""
    store.ensure_valid(parquet_data)
    claims = (parquet_data / "claims.parquet").resolve()
    hashed: Counter[Path] = Counter()
    keys_looked_up = []
    reads: Counter[str] = Counter()
    hash_files, key_of, read_arrow = (validation._hash_files, validation.validation_key,
                                      parquet.read_arrow)

    def counted_hash(paths: list[Path]) -> str:
        hashed.update(Path(p).resolve() for p in paths)
        return hash_files(paths)

    def counted_key(data_dir: str | Path) -> str:
        keys_looked_up.append(data_dir)
        return key_of(data_dir)

    def counted_read(path: Path, columns: list[str] | None = None, filter: object = None
                     ) -> pa.Table:
        if Path(path).resolve() == claims:
            reads["keys" if columns is not None and list(columns) == list(KEY_COLUMNS) else
                  "rows" if columns is None and filter is not None else str(columns)] += 1
        return read_arrow(path, columns, filter)

    monkeypatch.setattr(validation, "_hash_files", counted_hash)
    monkeypatch.setattr(validation, "validation_key", counted_key)
    monkeypatch.setattr(parquet, "read_arrow", counted_read)
    cfg = RenderConfig(params=ReportParams.build(data_dir=str(parquet_data), start="2025-07",
                                                 end="2025-07"),
                       formats=("html",), notebook=NOTEBOOK, reports_dir=tmp_path / "reports")
    result = render.render_files(cfg)
    assert result.ok, result.message
    assert hashed[claims] == 3, hashed
    assert len(keys_looked_up) == 1
    assert reads["keys"] == 1 and reads["rows"] == 1, reads


def test_reads_in_a_block_are_of_one_state_and_forgotten_after_it(parquet_data: Path) -> None:
    """Within `reading.once` a second read hands out the first one's result (the render's
    snapshot check after the run is what sees a change); outside, every read is fresh and a
    changed folder is validated again."""
    import pyarrow.compute as pc

    from claimbook.store import reading

    store.ensure_valid(parquet_data)
    path = parquet_data / "claims.parquet"
    with reading.once(parquet_data):
        first = store.read_keys(parquet_data)
        table = parquet.read_arrow(path)
        kind = table["claim_type"].to_pylist()
        other = "denial" if kind[0] != "denial" else "allegation"
        changed = table.set_column(table.column_names.index("claim_type"), "claim_type",
                                   pa.array([other, *kind[1:]], pa.string()))
        parquet.write_arrow(changed, path)
        assert store.read_keys(parquet_data) is first
        assert store.read_keys(parquet_data, claim_types=["denial"]) is not first
    again = store.read_keys(parquet_data)
    assert again is not first and again.num_rows == first.num_rows
    at = pc.index(again["claim_id"], table["claim_id"][0].as_py()).as_py()
    assert again["claim_type"][at].as_py() == other


def test_a_block_opened_on_a_changed_folder_validates_it(data_copy: Path) -> None:
    """The stamp is looked up once per block, but for the content there is: a folder broken
    since it was validated is refused inside a block as outside."""
    from claimbook.store import reading

    store.ensure_valid(data_copy)
    set_cell(data_copy / schema.CLAIMS.filename, 2, "claim_type", "rumour")
    with reading.once(data_copy), pytest.raises(DataError):
        store.read_keys(data_copy)
    with pytest.raises(DataError):
        store.read_keys(data_copy)


def test_a_block_of_one_folder_leaves_other_folders_alone(data_copy: Path,
                                                          shipped_data: Path) -> None:
    from claimbook.store import reading

    with reading.once(data_copy):
        assert reading.active(data_copy) and not reading.active(shipped_data)
        assert store.read_keys(shipped_data) is not store.read_keys(shipped_data)
    assert not reading.active(data_copy)
