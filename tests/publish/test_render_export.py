"""The HTML export skips nbconvert's BeautifulSoup pass when it has nothing to do.

That pass (alt text for an <img> without one, focusable cells of nbconvert's own templates, then
the page written out again) was 1.2 s of a million-claim report's 1.3 s export. The page is the
same document: parsed, it is exactly what nbconvert's pass writes.
"""

from __future__ import annotations

import nbconvert.exporters.html as nbconvert_html
import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

from claimbook.publish import export


def notebook(html: str, markdown: str = "A *narrative* cell.") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell(
        "report.section('who')", outputs=[nbformat.v4.new_output(
            "display_data", data={"text/html": html})])]
    return nb


PAGE = ('<div class="cb-section tex2jax_ignore"><h2>Who</h2><p>costs &#36;5 &amp; '
        "it&#x27;s &lt;b&gt;bold&lt;/b&gt;<br></p><svg viewBox=\"0 0 10 10\"><path d=\"M0 0\"/>"
        "</svg></div>")


def nbconvert_page(nb: nbformat.NotebookNode) -> str:
    exporter = HTMLExporter(template_name="claimbook",
                            extra_template_basedirs=[str(export.TEMPLATES)], exclude_input=True,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_anchor_links=True)
    return exporter.from_notebook_node(nb, resources={"metadata": {"name": "T"}})[0]


def test_the_page_is_not_parsed_again_and_is_nbconverts_document(
        monkeypatch: pytest.MonkeyPatch) -> None:
    nb = notebook(PAGE)
    expected = nbconvert_page(nb)

    def no_soup(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed with BeautifulSoup")

    monkeypatch.setattr(nbconvert_html, "BeautifulSoup", no_soup)
    page = export.export_html(nb, "T")
    assert "&#36;5" in page and "<title>T</title>" in page
    assert str(BeautifulSoup(page, features="html.parser")) == expected


@pytest.mark.parametrize("markdown", ['<img src="data:image/png;base64,iVBORw0KGgo=">',
                                      '<div class="jp-Notebook">x</div>'])
def test_a_page_nbconverts_pass_changes_goes_through_it(markdown: str) -> None:
    nb = notebook(PAGE, markdown)
    page = export.export_html(nb, "T")
    assert page == nbconvert_page(nb)
    if "img" in markdown:
        assert 'alt="No description has been provided for this image"' in page
