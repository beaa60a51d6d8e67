"""What a reporting verb reports is read from the parse wherever it stands: its complement, the
clause before "…, X said", and a quotation after a colon even where the parse hung the quotation's
first clause under the verb as an adjunct ('X told the Gazette: "Although A, B."', written without
a comma, as a real news page did); "commented:" reports as "said:" does.
Invented sentences, in the shapes pages print."""

from __future__ import annotations

from claimbook.sources import nlp, reported
from extracting import cands, find

QUOTE = ("Although the researchers found that regular use increased by only a few percent "
         "following the policy change this could equate to a large proportion of the population")


def test_a_quotation_after_a_colon_is_what_the_verb_reports() -> None:
    doc = nlp.parse(f'Tomas Berg, an expert at the University of Arden, told the Gazette: "{QUOTE}."')
    told = next(t for t in doc if t.lower_ == "told")
    assert reported.complement(told, "tell") is None  # the parse gives no complement
    assert " ".join(t.text for t in reported.trim(reported.quoted_after_colon(told))) == QUOTE
    [c] = cands(f'Tomas Berg, an expert at the University of Arden, told the Gazette: "{QUOTE}."\n')
    assert (c.claimant.name, c.claim) == ("Tomas Berg", QUOTE + ".")


def test_no_colon_or_no_quotation_mark_reads_nothing_after_the_verb() -> None:
    doc = nlp.parse("The minister told the Gazette: the report is late by two weeks.")
    told = next(t for t in doc if t.lower_ == "told")
    assert reported.quoted_after_colon(told) is None


def test_commented_reports_as_said_does() -> None:
    cs = cands('Senior author Ana Lind, a professor at the University of Arden, commented: "Use '
               'disorder is associated with long-term adverse consequences."\n\n'
               "The agency declined to comment on the findings of the inspectors.\n",
               publisher="Daily Planet")
    assert find(cs, "long-term adverse").claimant.name == "Ana Lind"
    assert not any("declined to comment" in c.claim and c.claimant.name != "Daily Planet"
                   for c in cs)
