"""`export --format claimreview` builds its JSON-LD with Arrow a slice of claims at a time
(`exporter.claimreview_items`); these tests say its bytes are exactly those of the readable
definition, `exporter.claimreview` written item by item with `script_safe_json` (two more
spaces a line, `,` between items), for any claim text, claimant, date, topic, answer, URL and
any documents quoting them. All data here is invented."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimbook.tables import exporter

# text with what JSON and the script element escape, line breaks and wider characters
TEXT = st.text(st.sampled_from(list('ab "\\/<>&\n\r\t\x00\x1f\x7fé€\u2028😀')), max_size=12)
OPTIONAL = st.one_of(st.just(""), TEXT)
KINDS = st.sampled_from(["", "head_of_state", "individual", "government", "media", "document",
                         "unknown", "organization", "military_intelligence"])


@st.composite
def claims_and_quotes(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    n = draw(st.integers(0, 6))
    ids = [f"C{i}" for i in range(n)]
    frame = pd.DataFrame({
        "group": ["in_range"] * n, "claim_id": ids,
        "claim": draw(st.lists(TEXT, min_size=n, max_size=n)),
        "claimant": draw(st.lists(TEXT, min_size=n, max_size=n)),
        "claimant_type": draw(st.lists(KINDS, min_size=n, max_size=n)),
        "claim_type": ["statement"] * n,
        "date": draw(st.lists(st.sampled_from(["", "2025", "2025-07", "2025-07-14"]),
                              min_size=n, max_size=n)),
        **{c: draw(st.lists(OPTIONAL, min_size=n, max_size=n))
           for c in ("claimant_country", "topic", "responds_to", "notes", "url")},
    }, dtype=str)
    docs = pd.DataFrame({"doc_id": ["D1", "D2"], "title": [draw(TEXT), draw(TEXT)],
                         "url": [draw(OPTIONAL), None]})
    k = draw(st.integers(0, 5))
    mentions = pd.DataFrame({
        "claim_id": draw(st.lists(st.sampled_from([*ids, "elsewhere"]), min_size=k, max_size=k)),
        "doc_id": draw(st.lists(st.sampled_from(["D1", "D2", "D9"]), min_size=k, max_size=k)),
        "quote": draw(st.lists(TEXT, min_size=k, max_size=k))}, dtype=str)
    return frame, mentions, docs


def written_one_by_one(frame: pd.DataFrame, mentions: pd.DataFrame, docs: pd.DataFrame
                       ) -> bytes:
    items = exporter.claimreview(frame, mentions, docs)["@graph"]
    return b"".join((",\n  " + exporter.script_safe_json(item).replace("\n", "\n  "))
                    .encode("utf-8") for item in items)


@given(claims_and_quotes())
def test_arrow_items_are_the_bytes_json_dumps_writes(case: tuple[pd.DataFrame, pd.DataFrame,
                                                                 pd.DataFrame]) -> None:
    frame, mentions, docs = case
    table = pa.Table.from_pandas(frame, preserve_index=False)
    got = exporter.claimreview_items(table, exporter.mention_works(mentions, docs))
    assert got == written_one_by_one(frame, mentions, docs)


def test_a_claim_without_url_or_quote_has_no_appearance_and_markup_is_escaped() -> None:
    frame = pd.DataFrame({c: [""] for c in ("group", "claim_type", "notes",
                                            *exporter.CLAIMREVIEW_COLUMNS)}, dtype=str)
    frame.loc[0, ["claim_id", "claim"]] = ["C1", "</script>"]
    got = exporter.claimreview_items(pa.Table.from_pandas(frame, preserve_index=False), {})
    assert b"appearance" not in got and b"<" not in got
    assert got == written_one_by_one(frame, frame.iloc[:0][["claim_id"]].assign(
        doc_id="", quote=""), pd.DataFrame({"doc_id": [], "title": [], "url": []}))
