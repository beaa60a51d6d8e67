"""Hostile text in a real report: rendered once (HTML and PDF), then every string is looked for.

tests/hostile.py puts each hostile string in a claim's text, its claimant, its quote (and so the
source), in document titles and publishers, and all of them in the report's --title; document
URLs try every scheme. Each must appear as exactly the text it is, and nothing may run, load,
link, typeset or restyle. The same report is opened in a real browser in publish/test_render_browser.py.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from pypdf import PdfReader

from claimbook.publish.export import TEMPLATES
from claimbook.report import charts
from claimbook.report.html import LINKED_CHARS
from conftest import pdf_pages
from hostile import HOSTILE, LONG_URL, LONG_WORD, URLS, claims_of_hostile, documents_of_hostile
from hostile import report_title as hostile_title

pytestmark = pytest.mark.slow

CLAIMS = {c["claim_id"]: c for c in claims_of_hostile()}
DOCS = documents_of_hostile()
# Elements the page itself uses; anything else would have come from the data.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "script", "section", "div",
             "bdi",
             "header", "h1", "h2", "h3", "h4", "p", "span", "em", "strong", "figure", "figcaption",
             "table", "thead", "tbody", "tr", "th", "td", "i", "br", "blockquote", "cite", "code",
             "footer", "ul", "li", "a"}
SVG_TAGS = {"svg", "g", "path", "text", "defs", "clippath", "rect", "use", "style", "metadata",
            "rdf:rdf", "cc:work", "dc:type", "dc:date", "dc:format", "dc:creator", "cc:agent",
            "dc:title"}


@pytest.fixture(scope="module")
def html(hostile_report: Path) -> str:
    return (hostile_report / "report.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def flat(text: str) -> str:
    """What a PDF's text layer keeps: no whitespace, no invisible format characters (Cf:
    zero-width spaces and joiners, bidi controls, the BOM)."""
    return "".join(ch for ch in "".join(text.split()) if unicodedata.category(ch) != "Cf")


@pytest.fixture(scope="module")
def pdf_text(hostile_report: Path) -> str:
    return " ".join(pdf_pages(hostile_report / "report.pdf"))


def row(soup: BeautifulSoup, claim_id: str) -> Tag:
    found = soup.select(f'table.claims tr[data-claim-id="{claim_id}"]')
    assert len(found) == 1, claim_id
    return found[0]


# --- nothing from the data became markup -----------------------------------------------------------


def test_only_the_pages_own_elements(soup: BeautifulSoup) -> None:
    outside_svg = {t.name for t in soup.find_all(True) if not t.find_parent("svg")
                   and t.name != "svg"}
    assert outside_svg <= PAGE_TAGS, outside_svg - PAGE_TAGS
    for svg in soup.find_all("svg"):
        assert svg.find_parent("figure", class_="chart"), "an svg outside the charts"
        assert {t.name for t in svg.find_all(True)} <= SVG_TAGS
    assert len(soup.find_all("svg")) == 5  # four charts and the Sources chart


def test_one_script_the_pages_own(soup: BeautifulSoup) -> None:
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    assert not scripts[0].get("src")
    own = (TEMPLATES / "claimbook" / "report.js").read_text(encoding="utf-8")
    assert scripts[0].get_text().strip() == own.strip()


def test_no_event_handlers_styles_or_loads_from_data(soup: BeautifulSoup) -> None:
    for t in soup.find_all(True):
        handlers = [a for a in t.attrs if a.lower().startswith("on")]
        assert not handlers, (t.name, handlers)
        for attr in ("src", "srcset", "action", "formaction", "background", "poster", "data"):
            assert attr not in t.attrs, (t.name, attr)
        if t.name != "a":
            for attr in ("href", "xlink:href"):
                assert str(t.get(attr, "#")).startswith("#"), (t.name, t.attrs)
    assert [s for s in soup.find_all("style") if not s.find_parent(["head", "svg"])] == []
    assert not soup.find_all("meta", attrs={"http-equiv": True})


def test_only_http_urls_are_links_and_they_open_safely(soup: BeautifulSoup) -> None:
    links = soup.find_all("a")
    expected = {url for url, linked in URLS.values() if linked} | {LONG_URL}
    assert {a["href"] for a in links} == expected
    for a in links:
        assert a["rel"] == ["noopener", "noreferrer"]
        assert re.match(r"https?://", a["href"], re.I)
        after = a.next_sibling if isinstance(a.next_sibling, str) else ""
        shown = a.get_text() + after
        assert shown.startswith(a["href"]), "the link shows its whole address"
        assert len(a.get_text()) <= min(len(a["href"]), LINKED_CHARS)
    provenance = soup.select_one("footer.provenance").get_text()
    for url, linked in URLS.values():
        if not linked:
            assert url.strip() in provenance, f"{url!r} is shown as text"


# --- every string is shown as the text it is -------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE))
def test_claim_claimant_and_quote_show_the_text(soup: BeautifulSoup, name: str) -> None:
    claim_id = next(k for k, c in CLAIMS.items() if c.get("notes") == name)
    text = HOSTILE[name]
    tr = row(soup, claim_id)
    assert tr.select_one("td.claim p").get_text() == text
    assert before_br(tr.select_one("td.claimant")) == text
    quotes = [q.get_text().removesuffix(q.cite.get_text()) for q in tr.select("td.claim blockquote")]
    assert quotes == [f"“{name} said {text}”"]


def before_br(element: Tag) -> str:
    """The text of an element up to its first <br>."""
    out = []
    for child in element.children:
        if getattr(child, "name", None) == "br":
            break
        out.append(child.get_text() if isinstance(child, Tag) else str(child))
    return "".join(out)


def test_right_to_left_text_is_isolated(soup: BeautifulSoup) -> None:
    """U+202E in a claimant must not reverse the date after it: the value sits in <bdi>."""
    rtl = HOSTILE["rtl_override"]
    cells = [td for td in soup.select("td.claimant") if rtl in td.get_text()]
    assert cells and all(td.find("bdi", string=rtl) for td in cells)
    who = [p for p in soup.select("p.who") if rtl in p.get_text()]
    assert all(p.find("bdi", string=rtl) for p in who)
    plain = [td for td in soup.select("td.claimant") if HOSTILE["script"] == before_br(td)]
    assert plain and not plain[0].find("bdi"), "text without right-to-left letters is not wrapped"


def test_document_titles_and_publishers_show_the_text(soup: BeautifulSoup) -> None:
    items = soup.select("footer.provenance ul.documents li")
    assert len(items) == len(DOCS)
    for li, doc in zip(items, DOCS, strict=True):
        assert li.find("strong").get_text() == doc["title"]
        assert before_br(li) == f"{doc['title']} — {doc['publisher']}"
    cites = " ".join(c.get_text() for c in soup.select("blockquote cite"))
    for doc in DOCS:
        if any(m for m in cites.split(doc["title"])[1:]):
            continue
        pytest.fail(f"title of {doc['doc_id']} is not cited")


def test_title_parameter_shows_the_text(soup: BeautifulSoup, hostile_report: Path) -> None:
    title = hostile_title()
    assert soup.find("h1").get_text() == title
    assert soup.title.get_text() == title
    assert json.loads((hostile_report / "meta.json").read_text(encoding="utf-8"))["title"] == title
    index = BeautifulSoup((hostile_report.parent / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert index.select_one("tbody tr strong").get_text() == title
    assert not index.find_all(["script", "img", "iframe", "svg", "link", "form"])


def test_entities_stay_entities_in_the_text(html: str, soup: BeautifulSoup) -> None:
    """`&lt;script&gt;` in a source is shown as `&lt;script&gt;`, not as `<script>`."""
    entities = HOSTILE["entities"]
    assert entities.startswith("&lt;script&gt;")
    assert entities in soup.get_text()
    assert "&amp;lt;script&amp;gt;alert(3)" in html


def test_nothing_can_typeset_math_or_markdown(html: str, soup: BeautifulSoup,
                                              hostile_report: Path) -> None:
    """The page loads no math renderer; in JupyterLab (the executed notebook) the outputs carry
    '$' and '`' as entities inside tex2jax_ignore, so its MathJax leaves them alone.

    (The exported page is the template's output as written, entities included; where
    nbconvert's BeautifulSoup pass runs (`export._lean_exporter_class`) '$' is written back as
    '$': harmless where no math renderer runs, and '<', '>', '&' stay escaped.)"""
    assert "MathJax" not in html and "katex" not in html.lower() and "mathjax" not in html
    notebook = (hostile_report / "report.ipynb").read_text(encoding="utf-8")
    assert "&#36;x^2&#36;" in notebook and "&#96;code&#96;" in notebook
    outputs = sum("text/html" in o.get("data", {}) for c in json.loads(notebook)["cells"]
                  for o in c.get("outputs", []))
    assert outputs >= 9 and notebook.count("tex2jax_ignore") >= outputs  # every section
    assert not [s for s in soup.find_all(["strong", "em", "code"])
                if s.get_text() in ("bold", "strong", "em", "code")]
    assert not soup.find("h1", string="not a heading")


def test_invisible_and_right_to_left_characters_are_kept(soup: BeautifulSoup) -> None:
    text = soup.get_text()
    for name in ("rtl_override", "zero_width", "combining", "emoji"):
        assert HOSTILE[name] in text, name


def test_the_long_word_is_whole_everywhere(soup: BeautifulSoup, html: str) -> None:
    assert soup.get_text().count(LONG_WORD) >= 7  # claim, claimant, quote, title x2, publisher, h1
    assert "<wbr>" not in html, "soft breaks are for the PDF only"


def test_charts_hold_the_names_as_escaped_text(soup: BeautifulSoup) -> None:
    shown = "\n".join(t.get_text() for t in soup.select("figure.chart svg text"))
    in_range = [c["claimant"] for c in CLAIMS.values() if c["date"] == "2025-07"]
    assert in_range
    for name in in_range:
        assert charts._wrap(name).splitlines()[0] in shown, name[:40]


# --- the PDF shows the same text --------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in ("long_word", "rtl_override")])
def test_pdf_shows_the_text(pdf_text: str, name: str) -> None:
    assert flat(HOSTILE[name]) in flat(pdf_text)


def test_pdf_shows_right_to_left_text(pdf_text: str) -> None:
    """U+202E shows the rest of its run right to left: the PDF holds what the eye sees."""
    text = flat(pdf_text)
    assert "exe.png" in text
    for word in ("שלום", "مرحبا"):
        assert word in text or word[::-1] in text


def test_pdf_shows_the_long_word_and_every_url_as_text(pdf_text: str, hostile_report: Path) -> None:
    text = flat(pdf_text)
    assert text.count("a") >= 7 * (len(LONG_WORD) - 2)
    assert "Waaaa" in text and "aaaaZ" in text
    for url, _ in URLS.values():
        assert flat(url) in text, url
    reader = PdfReader(hostile_report / "report.pdf")
    links = [a.get_object()["/A"].get("/URI") for page in reader.pages
             for a in page.get("/Annots", []) or []
             if a.get_object().get("/Subtype") == "/Link" and "/A" in a.get_object()]
    assert links and all(re.match(r"https?://", str(u), re.I) for u in links), links[:5]
    assert not [u for u in links if "javascript" in str(u).lower() or "data:" in str(u)]
