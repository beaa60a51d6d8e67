"""The words that say what a person is: a title before their name ("Interior Minister Wolfgang
Peschorn", "Gen. Milley", "Ms Persson"), the role noun that heads a description of one person
("the Israeli national security advisor", "a lawyer for the family").

One vocabulary: the steps that read names, speaker labels and referents take their sets from
here, so that a word is a title in every step or in none. A step that needs fewer words takes a
set derived from these, with the reason beside it, never a copy of its own. Every word is lower
case, without a full stop ("gen" for "Gen.").
"""

from __future__ import annotations

# Written before a surname alone: "Ms Persson", "Dr. Okafor" (no role, no given name)
SURNAME_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
# Honorifics that go before a given name too: "Sir Keir Starmer", "Lady Hale"
HONORIFICS = SURNAME_HONORIFICS | {"sir", "dame", "lord", "lady"}
# the surname honorifics as a regular expression's alternatives, the longest first ("Mrs|Mr|…");
# matched case-insensitively, the full stop after it is the caller's
SURNAME_HONORIFIC = "|".join(sorted(SURNAME_HONORIFICS, key=lambda w: (-len(w), w)))

SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
# Offices a person holds, written before their name ("Secretary Blinken") and heading a
# description of them ("the deputy director"); ranks of the forces; a sovereign's or cleric's title
OFFICES = SPOKESPEOPLE | {
    "president", "minister", "secretary", "premier", "chancellor", "governor", "mayor", "senator",
    "representative", "congressman", "congresswoman", "ambassador", "envoy", "chairman",
    "chairwoman", "chair", "chairperson", "director", "chief", "deputy", "administrator",
    "coordinator", "advisor", "adviser", "officer", "leader", "speaker", "judge", "justice",
    "prosecutor", "attorney", "counsel", "professor", "doctor",
}
RANKS = frozenset({"general", "colonel", "lieutenant", "captain", "commander", "admiral", "major",
                   "sergeant"})
SOVEREIGNS = frozenset({"king", "queen", "prince", "princess", "pope", "sheikh", "emir", "saint"})
# Abbreviations of the titles above ("Gen.", "Lt.", "Sen.", "Gov.", "St.")
ABBREVIATIONS = frozenset({"gen", "col", "lt", "sgt", "adm", "sen", "rep", "gov", "st"})

# A word that is a title before a name: "President Trump", "Lt. Col. Vindman", "Ms Persson"
TITLES = HONORIFICS | OFFICES | RANKS | SOVEREIGNS | ABBREVIATIONS
# The titles that name a role (the office, rank or crown), not only a courtesy: no honorific, no
# abbreviation ("Interior Minister" is one, "Mr" or "Gen." alone is not)
ROLE_TITLES = OFFICES | RANKS | SOVEREIGNS

# Words that qualify a title and are none alone: "Prime Minister", "Vice President", "Acting
# Secretary", "Press Secretary", "Foreign Minister", "The Honorable …"
TITLE_QUALIFIERS = frozenset({"prime", "vice", "acting", "assistant", "press", "foreign",
                              "defence", "defense", "honorable"})

# Nouns that head a description of one person and are no title before a name: "a senior
# official", "the family's lawyer", "an analyst at …"
DESCRIPTION_HEADS = frozenset({"official", "lawyer", "analyst", "expert"})
# The head noun of a description that names one person ("the Israeli national security advisor",
# "the judge"): a role or a description head
PERSON_HEADS = ROLE_TITLES | DESCRIPTION_HEADS
# the head nouns of a body, not a person: "the company said" refers back to the last body quoted
# ("Big Machine says …. But the company says …"), never to a person quoted in between; "citing
# the commission" cites a source; "the military intelligence agency (HUR)" names one
BODY_HEADS = frozenset({
    "company", "firm", "group", "label", "organization", "organisation", "union", "campaign",
    "party", "board", "commission", "committee", "council", "studio", "network", "bank",
    "charity", "club", "agency", "ministry", "department", "office", "directorate", "service",
    "bureau", "institute", "center", "centre", "association", "court", "regulator", "watchdog",
    "authority", "command", "administration", "army", "forces", "guard", "embassy", "alliance",
    "broadcaster", "outlet", "monitor", "mission", "body", "tank", "observatory", "university",
    "foundation", "federation", "coalition"})
# the head nouns of a source the story does not name, whose description is who speaks ("two
# people briefed on the talks", "a source close to the probe", "officials involved in the case")
UNNAMED_SOURCES = frozenset({"person", "people", "source", "official", "diplomat", "insider",
                             "aide", "adviser", "advisor"})
