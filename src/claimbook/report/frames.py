"""DataFrames handed to an analyst whose HTML display shows the data's text as text.

JupyterLab typesets `$…$` and `\\(…\\)` in HTML outputs with MathJax, so a claim quoting a price
("$5 million … $3 million") or a hostile `$\\href{…}{…}$` in a plain DataFrame's table became
formula markup. `TextFrame` is a DataFrame (every pandas operation works, and keeps the class)
whose HTML is pandas' own table marked `tex2jax_ignore mathjax_ignore`, the classes MathJax
leaves alone, with `$` written as an entity, as `html.esc` does for the report's HTML.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


class TextFrame(pd.DataFrame):
    """A DataFrame whose `_repr_html_` typesets nothing (see the module's docstring)."""

    _metadata: list[str] = []

    @property
    def _constructor(self) -> type[TextFrame]:
        return TextFrame

    def _repr_html_(self) -> str | None:
        with pd.option_context("display.html.use_mathjax", False):  # the ignore classes
            html = super()._repr_html_()
        return None if html is None else html.replace("$", "&#36;")


def text_frame(df: pd.DataFrame | Any) -> TextFrame:
    """`df` as a `TextFrame` (its data shared, not copied)."""
    return df if isinstance(df, TextFrame) else TextFrame(df)
