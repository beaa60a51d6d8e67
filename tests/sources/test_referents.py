"""A pronoun resolves to a claimant it agrees with in number: "they" is not the one person (or
role) named last ("the Israeli national security advisor said …" then "they've already said
publicly that they used precision-guided munitions", of the Israeli military, in a real White
House gaggle), and "he" is not a plural ("states saying …" then "he told me …"); "the company"
is the last body quoted, never a person, nor a government; "the minister" or "the spokesman" is a
person quoted before only if the text wrote them so (never an expert quoted last), while "the
agency" or "the spokesman" still goes back to the body quoted last.

The names and claimants below are invented for this test.
"""

from __future__ import annotations

from claimbook.claims import aliases
from claimbook.claims.aliases import Claimant
from claimbook.sources import extract, person_words, referents


def test_they_skips_a_person_and_he_skips_a_plural() -> None:
    army = Claimant("Ruritania’s military", "military_intelligence", "RU", False)
    adviser = Claimant("Ruritanian national security advisor", "unknown", "RU", False)
    ctx = referents.Context()
    ctx.remember("Ruritania’s military", army)
    ctx.remember("the Ruritanian national security advisor", adviser)
    assert ctx.resolve("they", {})[0] is army
    assert ctx.resolve("he", {})[0] is adviser

    minister = Claimant("Tomas Berg", "individual", "", False)
    states = Claimant("States", "individual", "", False)
    ctx = referents.Context()
    ctx.remember("Tomas Berg", minister, person=True)
    ctx.remember("states", states, person=True)
    assert ctx.resolve("he", {})[0] is minister
    assert ctx.resolve("they", {})[0] is states


def test_plural_is_read_from_the_words_as_written() -> None:
    assert all(referents.plural(w) for w in ("states", "officials", "the mayors and judges",
                                             "police"))
    assert not any(referents.plural(w) for w in ("Reuters", "Andreas", "the ministry", "the press",
                                                 "Israel’s military", "the advisor"))


def test_a_bare_title_is_the_person_the_text_wrote_it_with() -> None:
    """"The president said that he believes …" after "President Trump" (a real White House
    briefing) is that person, not a claimant named "President"; a surname alone is the full name
    the text introduced; two people of the title leave it unresolved."""
    text = ("Ivo Kovac was appointed in May. President Tomas Berg met the press, and Minister "
            "Kovac arrived. President Berg spoke.\n\nThe president said that …")
    ctx = referents.Context(text=text, upto=text.index("The president"))
    assert ctx.resolve("The president", {})[0].name == "Tomas Berg"
    assert ctx.resolve("the minister", {})[0].name == "Ivo Kovac"
    two = text.replace("President Berg spoke", "President Ana Lind spoke")
    ctx = referents.Context(text=two, upto=two.index("The president"))
    assert ctx.resolve("The president", {})[0].name not in ("Tomas Berg", "Ana Lind")


def test_every_word_for_a_spokesperson_is_read_as_one() -> None:
    """The words for a spokesperson come from `person_words` (one vocabulary): "a spokeswoman for
    the ministry" is the ministry, "the spokesperson" the body that spoke last, and "the
    spokesman" a person the text wrote with that title."""
    ministry = Claimant("Ruritania Foreign Ministry", "government", "RU", True)
    table = {"ruritanian foreign ministry": ministry}
    for word in sorted(person_words.SPOKESPEOPLE):
        ctx = referents.Context()
        assert ctx.resolve(f"a {word} for the Ruritanian foreign ministry", table)[0] is ministry
        ctx.remember("the Ruritanian foreign ministry", ministry)
        assert ctx.resolve(f"the {word}", table)[0] is ministry
        assert word in referents.TITLES


def test_the_company_is_the_last_body_quoted_never_a_person() -> None:
    """'The company says …' after a label's statement and its chief executive's words is the
    label, not the executive; with no body quoted before, it stays the company."""
    label = Claimant("Northgate Records", "company", "", False)
    chief = Claimant("Ida Varga", "individual", "", False)
    ctx = referents.Context()
    assert ctx.resolve("the company", {})[0].name.lower() == "company"
    ctx.remember("Northgate Records", label)
    ctx.remember("Ida Varga", chief, person=True)
    assert ctx.resolve("the company", {})[0] is label


def test_the_company_is_never_a_government_quoted_before() -> None:
    """'The company said …' right after a government's words stays the company; 'the ministry'
    may still be that government."""
    state = Claimant("Examplia government", "government", "", False)
    ctx = referents.Context()
    ctx.remember("Examplia", state)
    assert ctx.resolve("the company", {})[0].name.lower() == "company"
    assert ctx.resolve("the ministry", {})[0] is state


def test_every_body_noun_refers_to_a_body_never_to_the_person_quoted_last() -> None:
    """'The agency announced …' right after an airline president's words is not the president:
    every head noun of a body (one vocabulary, `person_words.BODY_HEADS`, that extraction's
    source phrases and a document's own aliases read too) refers to the last body quoted."""
    chief = Claimant("Tomas Berg", "individual", "", False)
    for head in ("agency", "ministry", "department", "court", "university", "company"):
        ctx = referents.Context()
        ctx.remember("Nordair President Tomas Berg", chief, person=True)
        assert ctx.resolve(f"the {head}", {})[0] is not chief, head
    assert {"agency", "ministry", "court", "university"} <= person_words.BODY_HEADS


def test_a_persons_role_is_not_the_person_quoted_last_unless_written_so() -> None:
    expert = Claimant("Tomas Berg", "individual", "", False)
    ctx = referents.Context()
    ctx.remember("Tomas Berg", expert, person=True)
    assert ctx.resolve("the minister", {})[0].name == "Minister"
    assert ctx.resolve("the spokesman", {})[0].name == "Spokesman"
    ctx.remember("Tomas Berg, the minister", expert, person=True)
    assert ctx.resolve("the minister", {})[0] is expert  # written with the role before

    agency = Claimant("Ruritanian Border Agency", "government", "RU", False)
    ctx = referents.Context()
    ctx.remember("the Ruritanian Border Agency", agency)
    assert ctx.resolve("the spokesman", {})[0] is agency  # a body's spokesman speaks for it
    assert ctx.resolve("the agency", {})[0] is agency


def test_the_minister_after_a_quoted_expert_is_not_the_expert() -> None:
    """Seen in extraction: "X, an expert at a university, told the Gazette: “…”" then "The
    minister said: “…”" credited the minister's words to the expert."""
    text = ("Tomas Berg, an expert at the University of Arden, told the Gazette: \"Regular use "
            "rose by only a few percent, a large share of the population.\"\n\n"
            "The minister said: \"We will act on the report this week.\"\n")
    by_claim = {c.claim: c.claimant.name for c in extract.extract(
        text, "Test Gazette", "2025-06-02", aliases.alias_table())}
    assert by_claim["We will act on the report this week."] == "Minister"
