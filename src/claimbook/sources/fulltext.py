"""The text a source's offsets count in, from the file an analyst has: text, a saved web page, a PDF.

A plain UTF-8 file is its own text. For a web page or a PDF (recognised by content, not only by
suffix) the text is extracted once, at registration, and stored beside the original: mentions
count characters in that stored text, so validation checks every quote exactly without running
an extractor again (whose output could change with its version).

* Web pages: trafilatura keeps the main text and drops navigation, cookie banners, related links,
  footers and scripts; it also reads title, author, site name and date from the page's metadata.
* PDFs: pypdf reads each page's text; running headers and footers (lines repeated at the top or
  bottom of the pages, where their place and text say so: `running_lines`) and page numbers are
  dropped, a word hyphenated at a line end is joined (keeping the hyphen of a compound the
  document writes with one elsewhere: "dual-capable"), lines of a paragraph are joined with a
  space, a line set in another type size than the one before opens a block of its own after a
  blank line (a heading, a caption, a table, a box: never glued to a paragraph), as does a page
  after one that ends its sentence, and pages are separated by a form feed ("\\f"), so
  a sentence across a page break reads whole (the form feed is whitespace in a quote) and the
  page of an offset is the number of form feeds before it, plus one. A page's footnotes (a block
  at its foot set smaller than the page's text, opening with a note's number:
  `pdf_notes.footnotes`) are kept on their page, one paragraph a note set off by a blank line,
  after its text, or, when its text runs on into the next page, before the paragraph that runs
  on (or its last sentence, when the page is one paragraph), so no note stands between the
  halves of a sentence across the page break.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from claimbook.errors import ClaimbookError
from claimbook.sources.pdf_notes import APART, ends_sentence, footnotes, page_text, split_notes, with_notes

FORMATS = ("text", "html", "pdf")
PAGE_BREAK = "\f"
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                         re.IGNORECASE | re.DOTALL)
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s+)?\d{1,4}(\s*(of|/)\s*\d{1,4})?[-–—\s]*$",
                          re.IGNORECASE)
_HYPHENATED = re.compile(r"[^\W\d_][-\u2010\u00ad]$")  # a word broken at the line end
_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_]\w*-\w+")  # "dual-capable" written inside a line
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be a running header/footer
_BLOCK_LINES = 3  # lines at a page's edge a header/footer block may span (name, address, number)
SIZE_STEP = 0.5  # points: lines whose type sizes differ by more are set in different sizes
_IDENTIFIER = re.compile(r"(?=\S*[^\W\d_])(?=\S*\d)[\w.-]{4,}")  # "IN12669", "R48903": letters and digits


class SourceError(ClaimbookError):
    """A source cannot be registered, read or found (exit code 2: the user can fix it)."""


@dataclass(frozen=True)
class Extracted:
    """A source's text and what its own metadata says (empty when it says nothing)."""

    format: str
    text: str
    title: str = ""
    publisher: str = ""
    published: str = ""
    url: str = ""
    converted_from: str = ""  # the encoding a text file was converted from, if it was not UTF-8


def sniff(data: bytes, suffix: str = "") -> str:
    """'pdf', 'html' or 'text' by the bytes first (a PDF saved as .txt is still a PDF)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START.match(head) or (suffix.lower() in (".html", ".htm", ".xhtml")
                                   and b"<" in head):
        return "html"
    return "text"


def page_of(text: str, offset: int) -> int:
    """The page (from 1) that `offset` of an extracted PDF text is on."""
    return text.count(PAGE_BREAK, 0, offset) + 1


def has_pages(text: str) -> bool:
    return PAGE_BREAK in text


def extract(path: Path, encoding: str | None = None) -> Extracted:
    """The text of `path` (and its metadata), or a SourceError saying why not and what to do."""
    data = path.read_bytes()
    kind = sniff(data, path.suffix)
    if kind == "pdf":
        return _pdf(path, data)
    if kind == "html":
        return _html(path, data)
    return _text(path, data, encoding)


# --- plain text -----------------------------------------------------------------------------------


def _text(path: Path, data: bytes, encoding: str | None) -> Extracted:
    if encoding:
        try:
            return Extracted("text", data.decode(encoding), converted_from=encoding)
        except (UnicodeDecodeError, LookupError) as e:
            raise SourceError(f"--encoding: {path} cannot be read as {encoding}: {e}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Extracted("text", data.decode("utf-16"), converted_from="UTF-16")
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise SourceError(
            f"{path} is not UTF-8 text (byte {e.start}). If you know its encoding, pass it, e.g. "
            f"`claimbook add-source --encoding latin-1 {path} ...` (the original is kept and the "
            f"converted text stored beside it), or convert it first: "
            f"`iconv -f LATIN1 -t UTF-8 {path} > {path.stem}.utf8.txt`") from None
    return Extracted("text", text)


# --- web pages -------------------------------------------------------------------------------------


def _html(path: Path, data: bytes) -> Extracted:
    """The page's main text and metadata. The date published is read from the page's metadata
    and markup only, never guessed from dates in its text (with invalid meta dates, a date in
    the body became `published`): unknown is better than wrong."""
    import trafilatura  # lazy: only a web page needs it (add-source of text, extract: never)

    found = trafilatura.bare_extraction(_page_tree(data), include_comments=False,
                                        include_tables=True, favor_precision=True,
                                        with_metadata=True, date_extraction_params={
                                            "original_date": True, "extensive_search": False,
                                            "max_date": date.today().isoformat()})
    doc = found.as_dict() if found is not None else {}
    text = doc.get("text") or ""
    if not text.strip():
        raise SourceError(f"{path}: no main text found in this web page (a page of only "
                              "menus, scripts or images?); save the article's page itself, or its "
                              "text as a .txt file")
    meta = doc
    publisher = meta.get("sitename") or meta.get("author") or ""
    return Extracted("html", text.rstrip() + "\n", title=meta.get("title") or "",
                     publisher=publisher, published=meta.get("date") or "",
                     url=meta.get("url") or "")


def _page_tree(data: bytes) -> Any:
    """The page parsed as trafilatura parses it, but with lxml's `huge_tree` (a text node over
    10 MB, such as an inline script of a 50 MB page on one line, stopped libxml2 before the
    article: "no main text found"), and without its `<base>` elements (the address relative
    links resolve against is not where the page was published: it became the document's URL)."""
    from lxml import etree  # lazy, with trafilatura: only a web page needs them
    from lxml import html as lxml_html
    from trafilatura.utils import decode_file

    parser = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        tree = lxml_html.fromstring(decode_file(data).encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError):  # an empty page: trafilatura says so its own way
        return data
    for base in tree.xpath("//base"):
        base.drop_tree()
    return tree


# --- PDFs ------------------------------------------------------------------------------------------


def _pdf(path: Path, data: bytes) -> Extracted:
    import pypdf  # lazy: only a PDF needs it
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{path} is an encrypted PDF: save an unprotected copy first")
        read = [page_text(p) for p in reader.pages]
        pages = [text for text, _ in read]
        meta = reader.metadata or {}
    except PdfReadError as e:
        raise SourceError(f"{path} is not a readable PDF: {e}") from None
    except PyPdfError as e:  # LimitReachedError: a decompression bomb, a looping length
        raise SourceError(f"{path} is refused: reading it goes past pypdf's safety limits ({e}); "
                          "a PDF built to exhaust memory, or a damaged one: save or print it "
                          "to a new PDF, or register its text as a .txt file") from None
    if not pages:
        raise SourceError(f"{path} is a PDF without pages")
    if not any(p.strip() for p in pages):
        raise SourceError(f"{path} has no text layer (an image-only or scanned PDF?): run "
                              "OCR on it first (e.g. `ocrmypdf in.pdf out.pdf`) and register the "
                              "result")
    text = pdf_text(pages, [sizes for _, sizes in read])
    title = str(meta.get("/Title") or "").strip()
    author = str(meta.get("/Author") or "").strip()
    return Extracted("pdf", text, title=title, publisher=author)


def _key(line: str) -> str:
    """A line as a running header/footer is recognised: digits vary (page numbers, dates)."""
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _running(group: list[tuple[int, str]]) -> bool:
    """Is a line repeated at one place of many pages (page index, text) a running header or
    footer? Only when its text is the same everywhere, or what varies is the page's number
    (rising with the page): a line of content that differs only in its figures is kept."""
    texts = {t for _, t in group}
    if len(texts) == 1:
        return True
    numbers = [[int(n) for n in re.findall(r"\d+", t)] for _, t in group]
    if len({len(n) for n in numbers}) != 1:
        return False
    varying = [k for k in range(len(numbers[0])) if len({n[k] for n in numbers}) > 1]
    if len(varying) != 1:
        return False
    k = varying[0]
    pairs = sorted(zip([p for p, _ in group], numbers, strict=True))
    return all(nb[k] - na[k] == pb - pa  # rises by one a page: a page number
               for (pa, na), (pb, nb) in zip(pairs, pairs[1:], strict=False))


def _edge_key(page: list[str], i: int) -> tuple[int, str]:
    """Where a line stands (top lines counted from 0, bottom ones from -1) and its key."""
    return (i if i < _EDGE_LINES else i - len(page)), _key(page[i])


def running_lines(lines: list[list[str]],
                  sizes: list[list[float] | None] | None = None) -> list[set[int]]:
    """For each page (its non-empty lines, and their font sizes when known), the indices of its
    running header/footer lines and page numbers. Only a line at a page's edge can be one, and
    only where its place and its text say so, never its digits alone (nor a line set in another
    size than the same line at the edge of most pages: the first page's title, 22-point, is not
    the 8-point running title of the others):

    * a line at the same place of at least half the pages whose text is the same everywhere, or
      whose one varying number rises by one a page (a page number) (`_running`); or a line
      alone with a page number ("3", "Page 3 of 8");
    * a line of the same text among the first (or last) lines of at least half the pages, one
      place down on some ("https://crsreports.congress.gov" first on one page, under the title on
      the others), when only such lines stand between it and the page's edge (the title of the
      first page under its date is content, the same title heading the later pages is not);
    * on another page, the same line without its page number ("Congressional Research Service",
      the first page's footer of pages headed "Congressional Research Service 2", "… 3");
    * the lines between such a line and the page's edge (the rest of its footer block: a web
      address, a report number under the footer's name);
    * next to a running line, a line opening with a report number (letters and digits, or a
      running line of one word with digits: "98-317") that a running line holds, or with a
      running line's text followed by one ("IN12669 · VERSION 3 · UPDATED" under the last page's
      header; "https://crsreports.congress.gov | IF12672 · …").
    """
    groups: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    sides: dict[tuple[bool, str], set[int]] = defaultdict(set)  # (top?, text) -> pages
    kinds: dict[str, Counter[float]] = defaultdict(Counter)  # a line's key -> its font sizes

    def apart(p: int, i: int) -> bool:  # set in another size than the same line mostly is
        own = sizes[p] if sizes else None
        if not own or len(own) != len(lines[p]):
            return False
        count = kinds[_key(lines[p][i])]
        return count[own[i]] < count.most_common(1)[0][1]
    for p, page in enumerate(lines):
        n = len(page)
        for i in {*range(min(_EDGE_LINES, n)), *range(max(0, n - _EDGE_LINES), n)}:
            groups[_edge_key(page, i)].append((p, page[i]))
        for i in _block(n):
            sides[(i <= n - 1 - i, page[i])].add(p)
            if sizes and sizes[p] and len(sizes[p]) == n:
                kinds[_key(page[i])][sizes[p][i]] += 1
    half = max(2, len(lines) // 2)
    repeated = {k for k, g in groups.items() if len(lines) > 1 and len(g) >= half and _running(g)}
    floating = {k for k, ps in sides.items() if len(lines) > 1 and len(ps) >= half}
    # a running line's text without its page number, as it may stand on a page without one
    unnumbered = {_unnumbered(key) for _, key in repeated if "#" in key} - {""}
    out: list[set[int]] = []
    for p, page in enumerate(lines):
        n = len(page)
        named = {i for i in _block(n) if ((i < _EDGE_LINES or i >= n - _EDGE_LINES)
                                          and _edge_key(page, i) in repeated and not apart(p, i))
                 or _unnumbered(_key(page[i])) in unnumbered}
        found = named | {i for i in range(n) if (i < _EDGE_LINES or i >= n - _EDGE_LINES)
                         and _PAGE_NUMBER.match(page[i])}
        for i in named:  # the rest of its block, out to the nearer edge of the page
            found |= set(range(i)) if i < n - 1 - i else set(range(i + 1, n))
        for order in (range(n), range(n - 1, -1, -1)):  # from each edge, while running
            for i in list(order)[:_BLOCK_LINES]:
                if i not in found and ((i <= n - 1 - i, page[i]) not in floating or apart(p, i)):
                    break
                found.add(i)
        out.append(found)
    texts = {_key(t) for _, t in floating} | unnumbered
    grown = True
    while grown:  # a report-number line next to a running line, then the one next to it
        ids = {w for page, found in zip(lines, out, strict=True) for i in found
               for w in page[i].split() if _IDENTIFIER.fullmatch(w)
               or (page[i] == w and any(c.isdigit() for c in w))}
        grown = False
        for page, found in zip(lines, out, strict=True):
            for i in _block(len(page)):
                if i not in found and (i - 1 in found or i + 1 in found) \
                        and _numbered_after(page[i], texts, ids):
                    found.add(i)
                    grown = True
    return out


def _block(n: int) -> list[int]:
    """The indices of a page's lines that may belong to its header or footer block."""
    return [i for i in range(n) if i < _BLOCK_LINES or i >= n - _BLOCK_LINES]


def _numbered_after(line: str, texts: set[str], ids: set[str]) -> bool:
    """Does `line` open with a report number a running line holds, or with a running line's
    text (a key of `texts`) followed by a report number?"""
    words = line.split()
    if words[0] in ids:
        return True
    key = _key(line)
    for t in texts:
        if key.startswith(t + " "):
            rest = line[len(t):].lstrip(" |·-–—:,").split()
            return bool(rest) and (rest[0] in ids or bool(_IDENTIFIER.fullmatch(rest[0])))
    return False


def _unnumbered(key: str) -> str:
    """A line's key without its numbers, when what is left names something (two words)."""
    rest = " ".join(key.replace("#", " ").split())
    return rest if len(rest.split()) >= 2 else ""


def pdf_text(pages: list[str], sizes: list[list[float] | None] | None = None) -> str:
    """Pages' raw text (and the font size of each non-empty line, when known) -> the stored text
    (see the module's docstring)."""
    lines = [[" ".join(ln.split()) for ln in p.splitlines() if ln.strip()] for p in pages]
    removed = running_lines(lines, sizes)
    notes = footnotes(lines, sizes or [None] * len(lines), removed)
    bodies = [[ln for i, ln in enumerate(page) if i not in found and i not in note]
              for page, found, note in zip(lines, removed, notes, strict=True)]
    # the type size of each body line, where pypdf reports them: a block set apart by its size
    sized = [[size[i] for i in range(len(page)) if i not in found and i not in note]
             if size is not None and len(size) == len(page) else None
             for page, size, found, note in zip(lines, sizes or [None] * len(lines), removed,
                                               notes, strict=True)]
    feet = [[page[i] for i in sorted(note)] for page, note in zip(lines, notes, strict=True)]
    # compounds the document writes with a hyphen inside a line ("dual-capable"): broken at a
    # line's end, they keep it
    compounds = {m.group(0).lower() for page in (*bodies, *feet) for ln in page
                 for m in _COMPOUND.finditer(ln)}
    # a word hyphenated across the page break goes whole onto the earlier page
    for a, b, size in zip(bodies, bodies[1:], sized[1:], strict=False):
        if a and b and _HYPHENATED.search(a[-1]) and b[0][:1].islower():
            first, _, rest = b[0].partition(" ")
            a[-1] = _join(a[-1], first, compounds)
            b[0] = rest
            if not rest:
                b.pop(0)
                if size:
                    size.pop(0)
    out = []
    for p, (body, foot) in enumerate(zip(bodies, feet, strict=True)):
        runs_on = p + 1 < len(bodies) and bool(bodies[p + 1]) and not ends_sentence(body) \
            and not opens_with_heading(bodies[p + 1])
        ran_on = p > 0 and not ends_sentence(bodies[p - 1]) and not opens_with_heading(body)
        block = "\n".join(_paragraphs(note, compounds) for note in split_notes(foot))
        page = with_notes(_paragraphs(body, compounds, sized[p]), block, runs_on, ran_on)
        if p and body and bodies[p - 1] and not ran_on:
            page = APART + page  # after a page that ends its sentence: a block of its own
        out.append(page)
    return PAGE_BREAK.join(out) + "\n"


def opens_with_heading(body: list[str]) -> bool:
    """Does a page open with a heading of capitalized words over a sentence ("Disclaimer",
    "Author Information")? Then nothing runs on into it, even after a page that ends without a
    stop (a report's author line: "…, Analyst in American National Government")."""
    words = body[0].split() if body else []
    return len(body) > 1 and 0 < len(words) <= 3 and all(w[:1].isupper() and w.isalpha()
                                                          for w in words) \
        and body[1][:1].isupper()


def _apart(size: float, other: float) -> bool:
    """Are two lines of these type sizes set in different sizes?"""
    return abs(size - other) > SIZE_STEP


def _join(end: str, start: str, compounds: set[str] | frozenset[str]) -> str:
    """A line ending in a hyphen joined to the next one's start: without the hyphen (a word
    broken in two), unless the document writes that compound with it elsewhere."""
    before = re.search(r"[^\W\d_][\w]*[-\u2010\u00ad]$", end)
    after = re.match(r"[\w]+", start)
    if before and after and end[-1] == "-" and \
            f"{before.group(0)}{after.group(0)}".lower() in compounds:
        return end + start
    return end[:-1] + start


def _paragraphs(lines: list[str], compounds: set[str] | frozenset[str] = frozenset(),
                sizes: list[float] | None = None) -> str:
    """A page's lines joined: a line set in another type size than the one before (`sizes`, when
    known) opens a block of its own, set off by a blank line (a heading, a caption, a table, a
    box's text: never glued to the paragraph before or after it), unless the line before leaves
    its sentence open on a comma or colon (a block quotation after "… stated,"); a line-end
    hyphen joins the word (`_join`), a short line ending a sentence ends its paragraph, other
    line ends are spaces."""
    if not lines:
        return ""
    width = max(len(ln) for ln in lines)
    out = lines[0]
    for k, (prev, line) in enumerate(zip(lines, lines[1:], strict=False)):
        if sizes and _apart(sizes[k], sizes[k + 1]) and not prev.endswith((",", ":", ";")):
            out += APART + line
        elif _HYPHENATED.search(prev) and line[:1].islower():
            out = _join(out, line, compounds)
        elif ((re.search(r"[.!?:\"”’)]$", prev) and len(prev) < 0.8 * width)
              or (len(prev) < 0.6 * width and line[:1].isupper())):  # a paragraph's or heading's end
            out += "\n" + line
        else:
            out += " " + line
    return out
