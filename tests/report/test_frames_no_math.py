"""The DataFrames the Python API hands out (`wb.claims`, `sel.in_range`, and what pandas makes
of them) show the data's text as text in JupyterLab: their HTML is marked with the classes
MathJax leaves alone and writes `$` as an entity, so "$5 million … $3 million" in a claim is
never typeset as a formula. (Invented text in a copy of the seed folder.)"""

from __future__ import annotations

from pathlib import Path

import claimbook
from claimbook.report.frames import TextFrame
from conftest import set_cell

MONEY = "Aid of $5 million and $3 million was pledged, said \\(x\\)."


def test_api_frames_are_not_typeset(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 2, "claim", MONEY)
    set_cell(data_copy / "claims.csv", 2, "date", "2025-07-10")
    wb = claimbook.open(data_copy)
    sel = wb.select(period="2025-07")
    frames = {"claims": wb.claims, "mentions": wb.mentions, "documents": wb.documents,
              "claimants": wb.claimants, "in_range": sel.in_range, "imprecise": sel.imprecise,
              "undated": sel.undated, "all": sel.all(), "counted": sel.counted(),
              "head": wb.claims.head(3), "filtered": wb.claims[wb.claims["claim"] == MONEY]}
    for name, frame in frames.items():
        assert isinstance(frame, TextFrame), name
        html = frame._repr_html_()
        assert "tex2jax_ignore" in html and "mathjax_ignore" in html, name
        assert "$" not in html, name
    assert "Aid of &#36;5 million and &#36;3 million" in sel.in_range._repr_html_()
    assert MONEY in sel.in_range["claim"].tolist(), "the values themselves are unchanged"
