"""Partial dates of a whole column at once: `dates.parse_partial_date` for a million values.

Kept apart from `dates`, which the command line's parameters use and which needs no pandas.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims import schema

_ANY = r"^[0-9]{4}(-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?$"


def parse_partial_dates(values: pd.Series) -> pd.DataFrame:
    """`parse_partial_date` for a whole column at once (a million dates in a fraction of a second).

    Returns `start`, `end` (datetime64, NaT when undated or invalid), `precision` and `ok`
    (False for a malformed or impossible date; the scalar function says why, for the few rows
    that need a message). The forms are fixed-width, so fields are sliced, not regex-captured.
    """
    text = values.astype("str").fillna("").str.strip()
    shaped = text.str.match(_ANY).fillna(False).to_numpy(dtype=bool)
    n = text.str.len().to_numpy(dtype="int64")
    # Shaped values are ASCII of at most 10 characters: read their digits as a byte matrix.
    arr = pa.array(text.where(shaped, ""), type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    padded = pc.utf8_rpad(arr, width=10, padding=" ")
    offsets = np.frombuffer(padded.buffers()[1], dtype=np.int32)[padded.offset:]
    data = np.frombuffer(padded.buffers()[2], dtype=np.uint8)[offsets[0]:offsets[0] + 10 * len(text)]
    digits = data.reshape(-1, 10).astype("int16") - 48  # small: a million rows, ten columns

    def number(first: int, width: int) -> np.ndarray:
        out = np.zeros(len(text), dtype="int64")
        for i in range(first, first + width):
            out = out * 10 + digits[:, i].astype("int64")
        return out

    year = np.where(shaped, number(0, 4), 0)
    quarter = shaped & (digits[:, 5] == ord("Q") - 48)
    month = np.where(shaped, number(5, 2), 0)
    qn = np.where(quarter, digits[:, 6], 0)
    day = np.where(shaped, number(8, 2), 0)
    undated = n == 0
    is_year = shaped & (n == 4)
    is_quarter = shaped & quarter
    is_month = shaped & (n == 7) & ~quarter
    is_day = shaped & (n == 10)
    first_month = np.select([is_quarter, is_month | is_day], [3 * qn - 2, month], default=1)
    last_month = np.select([is_quarter, is_year], [3 * qn, 12], default=first_month)
    ok_month = (first_month >= 1) & (first_month <= 12)
    safe_first = np.clip(first_month, 1, 12)
    safe_last = np.clip(last_month, 1, 12)
    months = (np.clip(year, 1, 9999) - 1970) * 12
    first_of = (months + safe_first - 1).astype("datetime64[M]").astype("datetime64[D]")
    last_of = (months + safe_last).astype("datetime64[M]").astype("datetime64[D]") - 1
    days_in_first = ((months + safe_first).astype("datetime64[M]").astype("datetime64[D]")
                     - first_of).astype("int64")
    ok_day = ~is_day | ((day >= 1) & (day <= days_in_first))
    ok = undated | (shaped & (year > 0) & ok_month & ok_day)
    start = np.where(is_day, first_of + np.clip(day - 1, 0, 30), first_of)
    end = np.where(is_day, start, last_of)
    known = ok & ~undated
    nat = np.datetime64("NaT", "D")
    codes = np.select([is_day, is_month, is_quarter, is_year], [0, 1, 2, 3], default=4)
    precision = pd.Categorical.from_codes(codes, categories=schema.DATE_PRECISIONS)
    return pd.DataFrame({
        "start": np.where(known, start, nat).astype("datetime64[s]"),
        "end": np.where(known, end, nat).astype("datetime64[s]"),
        "precision": precision,
        "ok": ok,
    }, index=values.index)
