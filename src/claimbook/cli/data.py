"""The commands of the data folder: `init` (a new workbook), `validate`, `claimants`,
`publishers`, sources to claims (`add-source`,
`remove-source`, `extract`, `accept`) and tables from and to elsewhere (`import`, `convert`)."""

from __future__ import annotations

import click

from claimbook.cli.options import data_option, wait_option
from claimbook.errors import ConfigError


@click.command()
@data_option
def validate(data_dir: str) -> None:
    """Check the claim tables and sources; print a summary or every problem (exit 2), and a
    warning for each claim dated far from the others, each pair of claims that look like one,
    each claimant spelled several ways or given two countries or types, and each two claimants
    whose names look alike (still valid, exit 0).

    \b
    Example: claimbook validate --data data
    Exit codes: 0 valid; 2 a problem (each listed)."""
    from claimbook.tables.check import check_folder

    checked = check_folder(data_dir)
    click.echo(checked.summary)
    for line in checked.warnings:  # valid, exit 0
        click.echo(f"warning: {line}", err=True)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
def init(folder: str) -> None:
    """Start a new workbook in FOLDER: an empty data folder (FOLDER/data), the report
    notebooks, a reports folder and a README of the loop. Every command then takes
    --data FOLDER/data from any folder, and renders into FOLDER/reports with FOLDER's notebooks.

    \b
    Example: claimbook init ~/question && claimbook add-source a.html --data ~/question/data
    Exit codes: 0 laid out; 2 FOLDER already holds a workbook's data, notebooks, reports or
    README."""
    from claimbook.new_workbook import init as lay_out

    made = lay_out(folder)
    click.echo(f"started a workbook in {made.folder}: {made.data} (empty tables, sources/), "
               f"{len(made.notebooks)} notebooks in {made.notebooks[0].parent}, {made.reports}, "
               f"{made.readme}")
    click.echo(f"next: claimbook add-source FILE --data {made.data}", err=True)


@click.command("publishers")
@data_option
@click.option("--grade", "grades", multiple=True, metavar="NAME=GRADE",
              help="Grade a publisher's source reliability on the Admiralty scale, A (completely "
                   "reliable) to E (unreliable), F (cannot be judged); repeatable.")
@wait_option
def publishers_(data_dir: str, grades: tuple[str, ...], wait: float) -> None:
    """List the publishers of the source documents with their documents and reliability
    grade; with --grade, grade them first (publishers.csv, checked as validate checks it).

    \b
    Example: claimbook publishers --grade "Reuters=B"
    Exit codes: 0 listed (and graded); 2 invalid input (an unknown publisher or grade, a
    broken table); 3 the data folder is being written."""
    from claimbook.claims.control_chars import for_stream
    from claimbook.sources import publishers

    if grades:
        for name, old, new in publishers.grade(data_dir, list(grades), wait=wait):
            click.echo(for_stream(f"graded {name}: {old or 'not graded'} -> {new}"), err=True)
    rows = publishers.listing(data_dir)
    width = max([len("publisher"), *(len(r.name) for r in rows)])
    click.echo(f"{'publisher':<{width}}  grade  kind          country  documents")
    for r in rows:
        grade = r.reliability or "-"
        click.echo(for_stream(f"{r.name:<{width}}  {grade:<5}  {r.kind or '-':<12}  "
                              f"{r.country or '-':<7}  {len(r.documents)}: "
                              f"{', '.join(r.documents) or '-'}"))
    missing = [r.name for r in rows if r.documents and not r.reliability]
    click.echo(f"{len(rows)} publishers, {len(missing)} not graded"
               + (f" (grade: {publishers.grade_command(missing, data_dir)})" if missing else ""),
               err=True)


@click.command("claimants")
@data_option
def claimants_(data_dir: str) -> None:
    """List the claimants of the data: type, country, claims (dated / undated) and the other
    spellings --claimant accepts for each.

    \b
    Example: claimbook claimants --data data
    Exit codes: 0 listed; 2 invalid input (a broken table)."""
    from claimbook.claims import names
    from claimbook.claims.claimants import listing
    from claimbook.claims.control_chars import for_stream

    rows = listing(data_dir)
    shown = {r.claimant: names.shown(r.claimant) for r in rows}  # look-alike letters marked
    width = max([len("claimant"), *(len(s) for s in shown.values())])
    click.echo(f"{'claimant':<{width}}  {'type':<21}  country  claims  dated  undated  aliases")
    for r in rows:
        click.echo(for_stream(
            f"{shown[r.claimant]:<{width}}  {r.claimant_type:<21}  {r.country or '-':<7}  "
            f"{r.claims:>6}  {r.dated:>5}  {r.undated:>7}  {'; '.join(r.aliases) or '-'}"))
    click.echo(f"{len(rows)} claimants, {sum(r.claims for r in rows)} claims", err=True)


@click.command("add-source")
@data_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", default="",
              help="A descriptive title (default: a web page's or PDF's own title).")
@click.option("--publisher", default="",
              help="Who published it (the claimant of its own voice; default: the page's site "
                   "name or author).")
@click.option("--url", default="", help="Where it was found (default: a web page's own address).")
@click.option("--published", default="",
              help="Publication date: 2025, 2025-Q3, 2025-07 or 2025-07-14 (default: a web page's "
                   "own date); omit when unknown.")
@click.option("--encoding", default=None,
              help="Encoding of a text file that is not UTF-8 (e.g. latin-1, cp1252, utf-16): "
                   "the original is kept, the converted text stored beside it.")
@wait_option
def add_source(data_dir: str, file: str, title: str, publisher: str, url: str,
               published: str, encoding: str | None, wait: float) -> None:
    """Register a source document (.txt, a saved web page or a PDF): copy FILE into
    data/sources/ and record it in documents.csv.

    \b
    Example: claimbook add-source article.html --publisher "Reuters"
    Exit codes: 0 registered; 2 invalid input; 3 the data folder is being written."""
    from claimbook.sources import register

    notes: list[str] = []
    src = register.add_source(data_dir, file, title=title, publisher=publisher, url=url,
                             published=published, encoding=encoding, notes=notes,
                             wait=wait)
    for note in notes:  # stdout keeps the one result line, as scripts read it
        click.echo(note, err=True)
    click.echo(f"registered {src.doc_id}: {src.path}")


@click.command("remove-source")
@data_option
@click.argument("doc_id")
@click.option("--with-mentions", is_flag=True,
              help="Also remove the source's mentions and the claims left without provenance.")
@wait_option
def remove_source(data_dir: str, doc_id: str, with_mentions: bool, wait: float) -> None:
    """Unregister the source DOC_ID (refused while mentions use it, unless --with-mentions)."""
    from claimbook.sources import register

    removed = register.remove_source(data_dir, doc_id, with_mentions=with_mentions, wait=wait)
    claims = f" and {len(removed.claims)} claims ({', '.join(removed.claims)})" if removed.claims \
        else ""
    publisher = (f"; publisher {removed.publisher!r} removed from publishers.csv (no other "
                 "document is its)") if removed.publisher else ""
    click.echo(f"removed {removed.doc_id} with {removed.mentions} mentions{claims}{publisher}; "
               "previous tables kept as .bak")


@click.command()
@data_option
@click.argument("source")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Review CSV to write (default: review-<doc_id>.csv here).")
@click.option("--publisher", default=None,
              help="Claimant of the document's own voice (default: its publisher in documents.csv).")
@click.option("--published", default=None,
              help="Published date that 'on Tuesday' counts from (default: from documents.csv).")
@click.option("--force", is_flag=True, help="Overwrite an existing review file.")
def extract(data_dir: str, source: str, out: str | None, publisher: str | None,
            published: str | None, force: bool) -> None:
    """Propose claims from SOURCE (a doc_id or a file) into a review CSV, one row per mention.

    \b
    Example: claimbook extract 000_cd4c6eedc46ef4ad --out review.csv
    Exit codes: 0 written; 2 invalid input (an unknown source, an existing review file)."""
    from claimbook.sources import extract_review

    r = extract_review.extract_to_review(data_dir, source, out, publisher=publisher,
                                         published=published, force=force)
    click.echo(f"{r.candidates} candidate claims, {r.mentions} mentions ({r.kept} proposed with "
               f"keep = yes) from {r.doc_id or source}")
    click.echo(str(r.out))


@click.command()
@data_option
@click.argument("review_file", metavar="REVIEW", type=click.Path(dir_okay=False))
@wait_option
def accept(data_dir: str, review_file: str, wait: float) -> None:
    """Append the kept rows of a REVIEW CSV as claims and mentions (all or nothing).

    \b
    Example: claimbook accept review.csv
    Exit codes: 0 accepted; 2 a problem in the review file (nothing written); 3 the data
    folder is being written."""
    from claimbook.sources import review

    done = review.accept(review_file, data_dir, wait=wait)
    ids = [c["claim_id"] for c in done.claims]
    span = f" ({ids[0]}–{ids[-1]})" if ids else ""
    existing = done.new_mentions_of_existing
    of = f", of {', '.join(done.restated)}" if done.restated else ""
    click.echo(f"accepted {len(ids)} claims{span} and {len(done.mentions)} mentions into "
               f"{data_dir} (new claims: {len(ids)}; new mentions of existing claims: "
               f"{existing}{of})")
    for line in done.warnings:  # accepted; said, not silent: respellings, stale countries
        click.echo(f"warning: {line}", err=True)


@click.command("import")
@data_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="TARGET=SOURCE",
              help="Fill a claims column from a column of FILE (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="TARGET=VALUE",
              help="Give a claims column one value for every row (repeatable).")
@click.option("--date-format", metavar="FMT",
              help="How FILE writes dates, e.g. %m/%d/%Y; without it dates must be ISO.")
@click.option("--mapping", type=click.Path(dir_okay=False),
              help="A TOML mapping file: [columns], [set], [values.<column>], date_format.")
@click.option("--ignore", multiple=True, metavar="COLUMN",
              help="A column of FILE to drop instead of keeping it in attributes (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]),
              help="FILE's format (default: from its suffix).")
@click.option("--strict", is_flag=True, help="Import nothing if any row is rejected.")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where rejected rows go with their reasons (default: rejects-<FILE name>.csv).")
@wait_option
@click.pass_context
def import_(ctx: click.Context, data_dir: str, file: str, maps: tuple[str, ...], sets: tuple[str, ...],
            date_format: str | None, mapping: str | None, ignore: tuple[str, ...],
            fmt: str | None, strict: bool, rejects: str | None, wait: float) -> None:
    """Import claims from a CSV, JSON lines or Parquet FILE of another tool.

    Example: claimbook import other.csv --map claim=text --set claimant_type=media

    Exit 0 all rows imported (or there already); 1 valid rows imported, some rejected; 2 bad
    input (with --strict: any row rejected, nothing imported); 3 another command is writing
    the data folder for longer than --wait."""
    from claimbook.tables import importer
    from claimbook.tables.mapping import from_options, read_mapping

    cmap = from_options(maps, sets, date_format, ignore)
    if mapping:
        try:
            cmap = read_mapping(mapping).merged(cmap)
        except ConfigError as e:
            raise ConfigError(f"--mapping: {e}") from None
    r = importer.import_claims(file, data_dir, cmap, fmt=fmt, strict=strict, rejects=rejects,
                               wait=wait)
    click.echo(f"imported {r.added} claims into {r.claims_file}; {r.unchanged} already there, "
               f"{r.rejected} rejected")
    for line in r.respelled:  # one claimant, one spelling: said, not silent
        click.echo(f"import: {line}", err=True)
    if r.rejects_file:
        click.echo(f"rejected rows and their reasons: {r.rejects_file}", err=True)
        ctx.exit(1)


@click.command()
@data_option
@click.option("--to", "to", type=click.Choice(["csv", "parquet"]), required=True,
              help="The format of claims and mentions after the command.")
@wait_option
def convert(data_dir: str, to: str, wait: float) -> None:
    """Switch the claim tables between CSV (spreadsheets) and Parquet (large tables).

    \b
    Example: claimbook convert --to parquet
    Exit codes: 0 converted (the previous files kept as .bak); 2 invalid input."""
    from claimbook.tables.convert import convert_folder

    done = convert_folder(data_dir, to, wait=wait)
    for old, new in done.tables.values():
        click.echo(f"{old} -> {new}" + (f" (previous kept as {old.name}.bak)" if old != new else ""))
