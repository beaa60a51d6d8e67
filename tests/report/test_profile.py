"""A claimant profile's exchanges, as pure functions: which answers to a claimant's claims and
which of their own answers a profile shows under the date rule (an undated answer alone does
not bring a claim from outside the range), who answered and how, and their HTML (data shown
as text). The rendered notebook is read back in report/test_profile_render.py."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from bs4 import BeautifulSoup

from claimbook.report import profile
from claimbook.store import typed_claims

IN, IMPRECISE, UNDATED, OUT = 0, 1, 2, -1


def responses(*pairs: tuple[str, str]) -> pa.Table:
    return pa.table({"claim_id": [a for a, _ in pairs], "responds_to": [b for _, b in pairs]})


def test_touching_splits_answers_received_from_answers_given() -> None:
    found = responses(("X1", "A1"), ("A2", "X2"), ("A3", "A1"), ("X3", "Y1"))
    received, given = profile.touching(found, pa.array(["A1", "A2", "A3"]))
    assert received.to_dict("records") == [{"claim_id": "X1", "responds_to": "A1"}]
    # A3 answers A's own A1: one of A's answers, not one A received
    assert given.to_dict("records") == [{"claim_id": "A2", "responds_to": "X2"},
                                        {"claim_id": "A3", "responds_to": "A1"}]


def shown(pairs: list[tuple[str, str]], own: str, codes: dict[str, int],
          open_range: bool = False) -> tuple[list[tuple[str, str]], int]:
    frame = pd.DataFrame(pairs, columns=list(profile.PAIR_COLUMNS), dtype=object)
    who = {i: ("A" if i.startswith("A") else "X") for i in codes}
    order = {i: n for n, i in enumerate(sorted(i for i in codes if i.startswith("A")))}
    chosen, left_out = profile.shown(frame, own, codes, who, "A", order, open_range)
    return list(chosen.itertuples(index=False, name=None)), left_out


def test_an_exchange_is_shown_when_one_side_is_in_range_or_imprecise() -> None:
    codes = {"A1": IN, "A2": UNDATED, "A3": UNDATED, "A4": IMPRECISE,
             "X1": UNDATED, "X2": IN, "X3": UNDATED, "X4": OUT}
    received = [("X1", "A1"), ("X2", "A2"), ("X3", "A3"), ("X4", "A4")]
    assert shown(received, "responds_to", codes) == (
        [("X1", "A1"), ("X2", "A2"), ("X4", "A4")], 1)  # A3 and X3 both undated: left out
    given = [("A2", "X4"), ("A3", "X2"), ("A1", "X4")]
    assert shown(given, "claim_id", codes) == ([("A1", "X4"), ("A3", "X2")], 1)


def test_without_a_range_every_exchange_is_shown() -> None:
    codes = {"A1": UNDATED, "X1": UNDATED, "A2": IN, "X2": UNDATED}
    assert shown([("X1", "A1"), ("X2", "A2")], "responds_to", codes, open_range=True) == (
        [("X1", "A1"), ("X2", "A2")], 0)


def test_claims_outside_the_selection_and_own_answers_are_not_received() -> None:
    codes = {"A1": IN, "A2": OUT, "A9": IN, "X1": IN}
    # A2 (out of range) is the claimant's side: not in the profile; A9 answers A1 and is A's
    # own claim read as someone else's answer: never listed as received
    assert shown([("X1", "A2"), ("A9", "A1")], "responds_to", codes) == ([], 0)


def claims(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    raw = pd.DataFrame([{"claim_id": i, "claim": f"claim {i}", "claimant": who,
                         "claimant_type": "government", "claim_type": kind, "date": "",
                         "claimant_country": "", "topic": "", "responds_to": "", "notes": "",
                         "url": ""} for i, who, kind in rows], dtype=str)
    return typed_claims(raw)


def test_answer_tally_counts_each_answerer_by_kind_most_first() -> None:
    table = claims([("X1", "Beijing", "denial"), ("X2", "Beijing", "statement"),
                    ("X3", "Moscow", "denial"), ("A1", "A", "allegation")])
    received = pd.DataFrame({"claim_id": ["X3", "X1", "X2"], "responds_to": ["A1"] * 3})
    tally = profile.answer_tally(received, table)
    assert tally.to_dict("records") == [
        {"claimant": "Beijing", "denial": 1, "statement": 1, "total": 2},
        {"claimant": "Moscow", "denial": 1, "statement": 0, "total": 1}]


def test_exchanges_html_groups_answers_and_shows_data_as_text() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    table = claims([("A1", hostile, "allegation"), ("X1", "Beijing", "denial"),
                    ("X2", "Beijing", "statement")])
    table.loc[table["claim_id"] == "X1", "claim"] = hostile
    mentions = pd.DataFrame({"claim_id": [], "doc_id": [], "start": [], "end": [], "quote": []})
    pairs = pd.DataFrame({"claim_id": ["X1", "X2"], "responds_to": ["A1", "A1"]})
    html = profile.exchanges_html(pairs, table, mentions, {}, 2, "received",
                                  ("Their claim", "Answered by"), "none")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find("img")
    pair = soup.select_one('div.exchange[data-group="received"]')
    assert pair["data-claim-id"] == "A1"
    assert [a["data-response"] for a in pair.select(".answer")] == ["X1", "X2"]
    assert hostile in [p.get_text() for p in pair.select(".answer p")]
    empty = profile.exchanges_html(pairs.iloc[:0], table, mentions, {}, 0, "given",
                                   ("a", "b"), "No <answers>.")
    assert BeautifulSoup(empty, "html.parser").get_text() == "No <answers>."
