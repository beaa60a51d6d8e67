"""Foreign rows -> claims rows: columns filled as the mapping says, vocabulary values spelled
as ours, whitespace made single spaces, dates read, a stable key, unmapped columns as attributes.

Each row also gets the reason it cannot be imported ("" when it can); checking the rows against
each other and the table is `import_checks`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import names, schema
from claimbook.store.typed import json_escaped, json_strings, rows_holding, string_bytes, value_ends
from claimbook.tables.date_formats import KnownDates, convert_dates
from claimbook.tables.foreign_read import cell_text
from claimbook.tables.mapping import DEFAULTS, TARGETS, ColumnMap, identity

KEY_PREFIX = "I"


def _vocabulary_value(values: pd.Series, target: str, value_map: Mapping[str, str]) -> pd.Series:
    """The mapping file's value map first; else 'Head of state' is read as head_of_state."""
    vocabulary = list(schema.VOCABULARIES[schema.CLAIMS.column(target).vocabulary or ""])

    def spell(distinct: pd.Series) -> pd.DataFrame:
        mapped = distinct.map(lambda v: value_map.get(v, v)) if value_map else distinct
        spelled = mapped.str.strip().str.lower().str.replace(r"[\s-]+", "_", regex=True)
        return mapped.where(~spelled.isin(vocabulary), spelled)

    return store.per_value(values, spell)



KEY_COLUMNS = ("claimant", "claim", "date", "url")  # what the key of an imported claim hashes


def claim_key(claims: pd.DataFrame) -> pd.Series:
    """The stable id of an imported claim without one: who, what, when and where it appeared
    (sha256 of the four texts joined by a unit separator, by Arrow; one hash call a row)."""
    joined = pc.binary_join_element_wise(*(store.arrow_strings(claims[c]) for c in KEY_COLUMNS),
                                         "\x1f")
    sha = hashlib.sha256
    # each row's bytes a view of the joined array's (no bytes object a row); the first 8 bytes
    # of each digest, written as hex all at once (hexdigest()[:16] of each)
    data, ends = memoryview(string_bytes(joined)), value_ends(joined).tolist()
    digests = b"".join([sha(data[a:b]).digest()[:8] for a, b in zip(ends[:-1], ends[1:],
                                                                    strict=True)])
    hexes = pa.array(np.frombuffer(digests.hex().encode(), dtype="S16"), type=pa.binary(16))
    keys = pc.binary_join_element_wise(KEY_PREFIX, hexes.cast(pa.binary()).cast(pa.string()), "")
    out = keys.to_pandas().astype(str)  # Arrow text stays Arrow text (no Python strings)
    out.index = claims.index
    return out


# Every character Python's str.isspace() accepts (tests/tables/test_import_rows.py checks it), spelled
# for pyarrow's RE2, whose own \s is ASCII only: a no-break space is whitespace in a foreign cell.
SPACES = (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
          *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_ANY_SPACE = "".join(f"\\x{{{c:x}}}" for c in SPACES)
_OTHER_SPACE = "".join(f"\\x{{{c:x}}}" for c in SPACES if c != 0x20)
# a run of whitespace that is not one plain space: what `_normal` rewrites
_RUN = f" [{_ANY_SPACE}]+|[{_OTHER_SPACE}][{_ANY_SPACE}]*"
_BLANK = f"^[{_ANY_SPACE}]*$"  # nothing but whitespace (or nothing)
# the first UTF-8 byte of every whitespace character but the space: a value without any of them
# (and without two spaces in a row) holds no run to rewrite
_OTHER_SPACE_LEADS = bytes(sorted({chr(c).encode()[0] for c in SPACES if c != 0x20}))
_ASCII_LEAD_TOP = max(c for c in _OTHER_SPACE_LEADS if c < 0x80)  # below it: control characters
# ... and of every whitespace character: a value that starts with none of them is not blank
_SPACE_LEADS = bytes(sorted({chr(c).encode()[0] for c in SPACES}))


def _may_hold_run(arr: Any) -> np.ndarray:
    """Which values may hold a run of whitespace `_normal` rewrites, told from the bytes
    before the regular expression: those holding a byte that starts a whitespace character
    other than the space, or two spaces in a row. A value not marked holds no run."""
    data = string_bytes(arr)
    found = np.zeros(len(data), dtype=bool)
    if len(data) > 1:
        found[1:] = (data[1:] == 0x20) & (data[:-1] == 0x20)
    if len(data) and data.min() <= _ASCII_LEAD_TOP:  # a control character somewhere
        found |= data <= _ASCII_LEAD_TOP
    if len(data) and data.max() >= 0x80:  # a character that is not ASCII somewhere
        for c in _OTHER_SPACE_LEADS:
            if c >= 0x80:
                found |= data == c
    return rows_holding(arr, found)


def _normal(s: pd.Series) -> pd.Series:
    """A run of whitespace is one space, none at the ends (computed by pyarrow; the regular
    expression runs only on the values that may hold a run, `_may_hold_run`)."""
    arr = store.arrow_strings(s)
    runs = _may_hold_run(arr)
    if runs.any():
        fixed = pc.replace_substring_regex(arr.filter(pa.array(runs)), _RUN, " ")
        arr = pc.replace_with_mask(arr, pa.array(runs), fixed)
    out = pc.utf8_trim(arr, " ").to_pandas().astype(str)
    out.index = s.index
    return out


def _blank(values: Any) -> np.ndarray:
    """Which values are empty or whitespace only (what str.strip() leaves empty): the regular
    expression looks only at the values that are empty or start with a whitespace byte."""
    ends = value_ends(values)
    maybe = ends[1:] == ends[:-1]
    filled = np.flatnonzero(~maybe)
    if len(filled):
        firsts = string_bytes(values)[ends[filled]]
        lead = firsts == _SPACE_LEADS[0]
        for c in _SPACE_LEADS[1:]:
            lead |= firsts == c
        maybe[filled[lead]] = True
    out = np.zeros(len(values), dtype=bool)
    if maybe.any():
        out[maybe] = pc.match_substring_regex(values.filter(pa.array(maybe)), _BLANK
                                              ).to_numpy(zero_copy_only=False)
    return out


def convert(foreign: pd.DataFrame, cmap: ColumnMap, respeller: names.Respeller | None = None,
            dates: KnownDates | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Foreign rows -> claims rows (text, same index) and a reason per row that cannot be read.
    `respeller`: each claimant written in the spelling the table keeps for it (before the key
    of the claim is hashed, so a re-import in another spelling is the same claim); `dates`: the
    dates earlier batches read (`convert_dates`)."""
    sources = identity(cmap, list(foreign.columns))
    out = pd.DataFrame(index=foreign.index)
    for target in TARGETS:
        if target in sources:
            out[target] = _normal(foreign[sources[target]])
        elif target in cmap.constants:
            out[target] = cmap.constants[target]
        else:
            out[target] = DEFAULTS.get(target, "")
    for target, value_map in cmap.values.items():
        if schema.CLAIMS.column(target).kind != "vocab":
            out[target] = store.per_value(out[target], lambda d, m=value_map: d.map(
                lambda v: m.get(v, v)))
    for col in schema.CLAIMS.columns:
        if col.kind == "vocab":
            value_map = cmap.values.get(col.name, {})
            if col.name in sources:
                out[col.name] = _vocabulary_value(out[col.name], col.name, value_map)
            elif len(out):  # one value in every row (`--set` or the default): spelled once
                out[col.name] = _vocabulary_value(out[col.name].iloc[:1], col.name,
                                                  value_map).iloc[0]
    out["date"], reasons = convert_dates(out["date"], cmap.date_format, dates)
    if respeller is not None and len(out):
        out["claimant"] = _respelled(out["claimant"], respeller)
    if "claim_id" not in sources and "claim_id" not in cmap.constants:
        out["claim_id"] = claim_key(out)
    used = set(sources.values()) | set(cmap.ignore)
    extra = [c for c in foreign.columns if c not in used]
    out["attributes"] = _attributes(foreign[extra]) if extra else ""
    return out[list(schema.CLAIMS.names)], reasons


def _respelled(claimants: pd.Series, respeller: names.Respeller) -> pd.Series:
    """A batch's claimant column in the spellings the table keeps (each distinct name once,
    counted by its rows)."""
    codes, distinct = pd.factorize(claimants, use_na_sentinel=False)
    counts = np.bincount(codes, minlength=len(distinct))
    spelled = pd.Series(respeller.spell_all([str(d) for d in distinct.tolist()], counts.tolist()),
                        dtype=claimants.dtype)
    return spelled.iloc[codes].set_axis(claimants.index)


def _attributes(frame: pd.DataFrame) -> pd.Series:
    """Unmapped columns as one JSON object per row; a foreign `attributes` object (a claimbook
    export's) is merged in, not nested."""
    names = list(frame.columns)

    def obj(values: tuple[str, ...]) -> str:
        out: dict[str, str] = {}
        for k, v in zip(names, values, strict=True):
            if not v.strip():
                continue
            if k == "attributes":
                try:
                    inner = json.loads(v)
                except ValueError:
                    inner = None
                if isinstance(inner, dict):
                    out.update({str(ik): cell_text(iv) for ik, iv in inner.items()})
                    continue
            out[k] = v
        return json.dumps(out, ensure_ascii=False) if out else ""

    if "attributes" not in names:
        return _attributes_joined(frame.astype(str))
    rows = frame.astype(str).itertuples(index=False, name=None)
    return pd.Series([obj(r) for r in rows], index=frame.index)


def _attributes_joined(frame: pd.DataFrame) -> pd.Series:
    """`_attributes` without a foreign attributes column, by Arrow a column at a time: each
    value written as json.dumps writes it (`json_strings`), the objects joined as json.dumps
    joins them (a million distinct ids were a million json.dumps calls). A row with no blank
    cell (the usual row) is joined in one go; the others member by member."""
    keys = [json.dumps(str(name), ensure_ascii=False) for name in frame.columns]
    values = [store.arrow_strings(frame[name]) for name in frame.columns]
    blanks = [_blank(v) for v in values]  # what str.strip() leaves empty
    some_blank = np.logical_or.reduce(blanks)
    parts: list[Any] = []
    for i, (key, v) in enumerate(zip(keys, values, strict=True)):
        parts += [("{" if i == 0 else '", ') + key + ': "', json_escaped(v)]
    whole = pc.binary_join_element_wise(*parts, '"}', "")
    if some_blank.any():
        mask = pa.array(some_blank)
        whole = pc.replace_with_mask(whole, mask, _members_joined(
            keys, [v.filter(mask) for v in values], [b[some_blank] for b in blanks]))
    out = whole.to_pandas().astype(str)
    out.index = frame.index
    return out


def _members_joined(keys: list[str], values: list[Any], blanks: list[np.ndarray]) -> Any:
    """The JSON objects of rows with blank cells (left out), member by member."""
    def member(key: str, values: Any, blank: np.ndarray) -> Any:
        return pc.if_else(pa.array(blank), "", pc.binary_join_element_wise(
            ", " + key + ": ", json_strings(values), ""))

    # each member is ", name: value" or empty, never missing: pyarrow (26) drops a row whose
    # members are all null from binary_join_element_wise(null_handling="skip")
    members = [member(*m) for m in zip(keys, values, blanks, strict=True)]
    joined = pc.utf8_slice_codeunits(pc.binary_join_element_wise(*members, ""), 2)  # first ", "
    return pc.if_else(pc.equal(joined, ""), "", pc.binary_join_element_wise("{", joined, "}",
                                                                              ""))
