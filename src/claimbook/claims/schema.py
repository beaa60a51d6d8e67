"""The claim, mention and document tables: one source of truth for columns and vocabularies.

Everything else (validation, loading, the README's data dictionary test, the report's colours)
reads these definitions, so a new column or vocabulary value is added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

# Controlled vocabularies: value -> one-line definition (the README's data dictionary repeats them,
# and a test keeps the two in step).
CLAIM_TYPES: dict[str, str] = {
    "allegation": "an accusation about what another party did or is doing",
    "denial": "the claimant rejects an allegation or a reported fact",
    "statement": "a position the claimant states about itself or its own conduct",
    "intelligence_report": ("a finding an intelligence service reports (a military intelligence "
                            "directorate included; a military spokesperson's account of its "
                            "operations is a statement)"),
    "assessment": "analysis or judgement, e.g. in the document's own voice",
    "event_report": "a report that a specific event or action happened, stated as fact",
}

CLAIMANT_TYPES: dict[str, str] = {
    "head_of_state": "a head of state or government speaking in person",
    "government": "a government, ministry or its officials",
    "military_intelligence": "a military or intelligence service, or reports attributed to one",
    "media": "a news outlet or journalist reporting in its own name",
    "document": "the source document (or its publisher) asserting in its own voice",
    "individual": "a private person or group of private persons",
    "organization": "a non-governmental, international or commercial body",
    "unknown": "not known; set when a claim arrives without a claimant type",
}

TOPICS: dict[str, str] = {
    "troop_deployment": "whether official armed forces are deployed to the conflict",
    "military_cooperation": "training, exercises, observers and other military ties between states",
    "mercenaries": "individual foreign nationals fighting for a party, and who is responsible",
    "recruitment": "how fighters are recruited (advertising, social media)",
    "material_support": "weapons and dual-use goods supplied to a party",
    "economic_support": "trade, energy purchases and other economic help to a party",
    "neutrality": "a party's stated position of neutrality or mediation",
}

PUBLISHER_KINDS: dict[str, str] = {
    "wire": "a news agency whose stories other outlets carry",
    "newspaper": "a newspaper or news site, in print or online",
    "broadcaster": "a radio or television broadcaster",
    "state_media": "an outlet owned or directed by a state",
    "government": "a government, ministry, agency or its spokesperson",
    "think_tank": "a research institute or think tank",
    "social_media": "a post or account on a social network",
    "blog": "a blog or personal site",
    "other": "any other publisher",
}

# NATO Admiralty code (AJP-2.1): how reliable the source is, and how credible the information.
RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

CREDIBILITY: dict[str, str] = {
    "1": "confirmed by other independent sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}

DATE_PRECISIONS: tuple[str, ...] = ("day", "month", "quarter", "year", "none")

VOCABULARIES: dict[str, dict[str, str]] = {
    "claim_type": CLAIM_TYPES,
    "claimant_type": CLAIMANT_TYPES,
    "topic": TOPICS,
    "publisher_kind": PUBLISHER_KINDS,
    "reliability": RELIABILITY,
    "credibility": CREDIBILITY,
}

# One fixed colour per claim type, used by every chart and chip. Chosen (from the Okabe-Ito,
# Paul Tol and IBM palettes) so that any two stay apart under deuteranopia, protanopia and
# tritanopia (CAM02-UCS distance >= 25 after simulation) and in greyscale print (lightness
# 21, 30, 46, 60, 76, 85: no two closer than 9): tests/report/test_colours.py checks the
# pictures. Okabe-Ito's vermillion and orange (allegation, assessment) were one grey.
CLAIM_TYPE_COLOURS: dict[str, str] = {
    "allegation": "#9C2A00",
    "denial": "#4477AA",
    "statement": "#EE6677",
    "intelligence_report": "#332288",
    "assessment": "#F0E442",
    "event_report": "#88CCEE",
}

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"
INT_PATTERN = r"^[0-9]+$"
# http(s), a host, no whitespace; spelled out (not \s) so that pyarrow's regex engine checks a
# million rows instead of Python's, one by one
_SPACE = " \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
URL_PATTERN = rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{_SPACE}/?#]+[^{_SPACE}]*$"

# Columns the store derives from `date` when it loads claims (and writes into Parquet tables, so
# a date range can be read without reading every row).
DERIVED_DATE_COLUMNS: tuple[str, ...] = ("date_start", "date_end")


@dataclass(frozen=True)
class Column:
    """One column of a table as it is stored (text), with what a valid value looks like."""

    name: str
    required: bool = True
    nullable: bool = False
    kind: str = "text"  # text | id | int | date | vocab | sha256 | url | json
    vocabulary: str | None = None
    unique: bool = False
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    filename: str
    columns: tuple[Column, ...]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


CLAIMS = Table(
    "claims",
    "claims.csv",
    (
        Column("claim_id", kind="id", unique=True, description="stable id, never reused"),
        Column("claim", description="the claim as one normalized sentence"),
        Column("claimant", description="who makes the claim, one spelling per claimant"),
        Column("claimant_type", kind="vocab", vocabulary="claimant_type"),
        Column("claim_type", kind="vocab", vocabulary="claim_type"),
        Column(
            "date",
            nullable=True,
            kind="date",
            description="ISO 8601 reduced precision (2025, 2025-Q3, 2025-07, 2025-07-14) or empty",
        ),
        Column("claimant_country", required=False, nullable=True,
               description="ISO 3166-1 alpha-2 code of the claimant's country"),
        Column("topic", required=False, nullable=True, kind="vocab", vocabulary="topic"),
        Column("responds_to", required=False, nullable=True, kind="id",
               description="claim_id of the claim this one answers"),
        Column("notes", required=False, nullable=True, description="curator's remarks"),
        # A claim's provenance is a mention in a registered source document (quote checked
        # verbatim) or the http(s) address where it appeared (schema.org ClaimReview's
        # `appearance`), e.g. for claims imported from a fact-check table: at least one of them.
        Column("url", required=False, nullable=True, kind="url",
               description="where the claim appeared (http or https); needed without a mention"),
        Column("attributes", required=False, nullable=True, kind="json",
               description="columns of an imported table with no place here, as a JSON object"),
        Column("credibility", required=False, nullable=True, kind="vocab",
               vocabulary="credibility",
               description="information credibility on the Admiralty scale, 1 (confirmed) to 6"),
    ),
)

MENTIONS = Table(
    "mentions",
    "mentions.csv",
    (
        Column("claim_id", kind="id"),
        Column("doc_id", kind="id"),
        Column("start", kind="int", description="offset of the quote's first character"),
        Column("end", kind="int", description="offset just past the quote's last character"),
        Column("quote", description="the source text at [start, end), whitespace runs as one space"),
        Column("page", required=False, nullable=True, kind="int",
               description="page of a PDF source the quote starts on (from 1); empty otherwise"),
    ),
)

DOCUMENTS = Table(
    "documents",
    "documents.csv",
    (
        Column("doc_id", kind="id", unique=True),
        Column("path", description="file under data/, e.g. sources/<doc_id>.txt"),
        Column("title"),
        Column("publisher", nullable=True),
        Column("url", nullable=True, description="where the document was found"),
        Column("published", nullable=True, kind="date", description="empty when unknown"),
        Column("retrieved", kind="date"),
        Column("sha256", kind="sha256", description="of the file's bytes; checked on every load"),
        # A web page or PDF is kept as it was; the text its mentions count in is extracted once
        # and stored beside it (plain UTF-8 text has none: the file is its own text).
        Column("text_path", required=False, nullable=True,
               description="the extracted text offsets count in, e.g. sources/<doc_id>.pdf.txt; "
                           "empty for a UTF-8 text source"),
        Column("text_sha256", required=False, nullable=True, kind="sha256",
               description="of the extracted text's bytes; checked on every load"),
    ),
)

TABLES: tuple[Table, ...] = (DOCUMENTS, CLAIMS, MENTIONS)

# Optional: a folder without it is valid. Each publisher described once; documents name it.
PUBLISHERS = Table(
    "publishers",
    "publishers.csv",
    (
        Column("name", unique=True, description="as documents.csv's publisher spells it"),
        Column("kind", nullable=True, kind="vocab", vocabulary="publisher_kind"),
        Column("country", required=False, nullable=True,
               description="ISO 3166-1 alpha-2 code of the publisher's country"),
        Column("reliability", nullable=True, kind="vocab", vocabulary="reliability",
               description="source reliability on the Admiralty scale, A to F (F: cannot be "
                           "judged); empty when not yet graded"),
        Column("notes", required=False, nullable=True),
    ),
)
