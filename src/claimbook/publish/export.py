"""An executed notebook -> one offline, code-free HTML page, and that page -> an A4 PDF."""

from __future__ import annotations

import functools
import logging
import re
import threading
from pathlib import Path
from typing import Any

import nbformat

TEMPLATES = Path(__file__).parent.parent / "templates"


def template_files() -> list[Path]:
    """The report template's files: a report's fingerprint covers each of them."""
    return sorted(p for p in (TEMPLATES / "claimbook").iterdir() if p.is_file())


def export_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The executed notebook as one self-contained, code-free HTML page (our lean template)."""
    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


_exporters = threading.local()


def _html_exporter() -> Any:
    """One exporter per thread, made once: a new one loads and compiles the template again
    (half the export's time of a seed report); Dask renders in several threads."""
    exporter = getattr(_exporters, "html", None)
    if exporter is None:
        exporter = _exporters.html = _lean_exporter_class()(
            template_name="claimbook", extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
            exclude_anchor_links=True)
    return exporter


# What nbconvert's last pass over a page changes: an <img> without alt text, and the cells of
# its own templates' markup (made focusable). Our template writes neither.
_SOUP_WORK = re.compile(r"<img\b(?![^>]*\balt\s*=)|jp-Notebook|jp-Cell-inputWrapper"
                        r"|jp-OutputArea-output", re.I)


@functools.cache
def _lean_exporter_class() -> type:
    """nbconvert's HTMLExporter without its last pass when that pass has nothing to do.

    HTMLExporter parses the finished page with BeautifulSoup to give an <img> without alt
    text a placeholder one and to make the cells of its own templates focusable, then writes
    the page out again: most of a large report's export (benchmarks/README.md), for a page
    our template already writes with neither (its charts are inline SVG
    or <img alt=...>). A page that has one (a notebook's own Markdown image, say) goes
    through the whole of nbconvert as before. The page is then the template's output itself:
    the same markup, with the entities `report.esc` wrote (`&#36;` for '$') kept as written
    instead of decoded and written back."""
    from nbconvert import HTMLExporter  # lazy: loaded while the kernel starts (preload_for)
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class LeanHTMLExporter(HTMLExporter):  # type: ignore[misc]
        def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any
                               ) -> tuple[str, dict]:
            given = None if resources is None else dict(resources)
            # what HTMLExporter.from_notebook_node does before its template runs
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            if _SOUP_WORK.search(html):  # nbconvert's pass has work to do: all of it, as is
                return super().from_notebook_node(nb, given, **kw)
            return html, resources

    return LeanHTMLExporter


def export_pdf(html: str, path: Path) -> None:
    """A4 PDF of the same page through its print stylesheet (WeasyPrint: pip-only, no browser)."""
    import weasyprint  # lazy: only a PDF needs it

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    def no_network(url: str, *args: Any, **kwargs: Any) -> dict:
        if url.startswith("data:"):  # inline images are part of the page
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"a report PDF loads nothing from outside the page ({url[:60]})")

    weasyprint.HTML(string=soft_breaks(html), url_fetcher=no_network).write_pdf(str(path))


# A run of 60+ characters (an entity counts as one) without a space: no line can hold it.
_LONG_WORD = re.compile(r"(?:&#?\w+;|[^\s<>&]){60,}")
# Left byte for byte: tags with their attributes, and all of style, script, title and svg.
_MARKUP = re.compile(r"<(style|script|title|svg)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.S | re.I)


def _break_word(match: re.Match[str], every: int = 100) -> str:
    units = re.findall(r"&#?\w+;|.", match.group(0), re.S)
    return "<wbr>".join("".join(units[i:i + every]) for i in range(0, len(units), every))


def soft_breaks(html: str) -> str:
    """`<wbr>` every 100 characters of a very long word in the page's text, for the PDF only.

    WeasyPrint lays out a text node that has to be broken inside words (`overflow-wrap:
    break-word`) in time quadratic in the node's length, so one very long word in a source
    can stall a report. Split into short nodes, the same text takes time linear in its
    length, and reads and extracts the same (`<wbr>` adds no character). Browsers need no help.
    """
    out, pos = [], 0
    for m in _MARKUP.finditer(html):
        out.append(_LONG_WORD.sub(_break_word, html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_LONG_WORD.sub(_break_word, html[pos:]))
    return "".join(out)
