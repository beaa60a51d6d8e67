"""The claim types' colours are told apart in the pictures the charts render: the bars of a
chart of all six types, read back from its PNG, stay apart (CAM02-UCS distance) with normal
vision and under simulated deuteranopia, protanopia and tritanopia, and their greys (the PNG
turned greyscale as a printer does) differ in lightness; undated parts stay hatched. The claims
are invented."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pandas as pd
import pytest
from colorspacious import cspace_convert
from PIL import Image

from claimbook.claims import schema
from claimbook.report import charts
from claimbook.store import typed_claims

MIN_DISTANCE = 20  # CAM02-UCS; about 10 was the old allegation/assessment pair under deuteranopia
MIN_GREY_STEP = 8  # CIELAB lightness between any two types' greys


def all_types() -> pd.DataFrame:
    raw = pd.DataFrame([{
        "claim_id": f"C{i}", "claim": "c", "claimant": "A", "claimant_type": "government",
        "claim_type": t, "date": "2025-04", "claimant_country": "", "topic": "",
        "responds_to": "", "notes": ""} for i, t in enumerate(schema.CLAIM_TYPES)], dtype=str)
    return typed_claims(raw)


def bar_pixels(mode: str = "RGB") -> dict[str, np.ndarray]:
    """Each type's bar colour as drawn: the pixel at the middle of its bar in the PNG (turned
    greyscale first with mode "L", as a printer does: ITU-R 601 luma)."""
    fig = charts.by_type(all_types())
    png = Image.open(io.BytesIO(fig._repr_png_())).convert(mode)
    dpi = png.size[0] / fig.get_figwidth()
    ax = fig.axes[0]
    fig.set_dpi(dpi)
    fig.draw_without_rendering()
    labels = [t.get_text().replace(" ", "_") for t in ax.get_yticklabels()]
    pixels = {}
    for patch, label in zip(ax.patches, labels, strict=True):
        x0, y0, x1, y1 = patch.get_window_extent().extents
        x, y = int((x0 + x1) / 2), int(png.size[1] - (y0 + y1) / 2)
        pixels[label] = np.asarray(png.getpixel((x, y)), dtype=float) / 255
    return pixels


def test_the_bars_are_the_types_colours() -> None:
    drawn = bar_pixels()
    assert set(drawn) == set(schema.CLAIM_TYPES)
    for t, rgb in drawn.items():
        want = np.array([int(schema.CLAIM_TYPE_COLOURS[t][i:i + 2], 16) for i in (1, 3, 5)]) / 255
        assert np.abs(rgb - want).max() < 2 / 255, t


@pytest.mark.parametrize("vision", ["normal", "deuteranomaly", "protanomaly", "tritanomaly"])
def test_types_are_told_apart_with_each_colour_vision(vision: str) -> None:
    drawn = bar_pixels()
    rgb = np.array(list(drawn.values()))
    if vision != "normal":  # severity 100: dichromacy (deuteranopia, protanopia, tritanopia)
        rgb = np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": vision,
                                           "severity": 100}, "sRGB1"), 0, 1)
    ucs = cspace_convert(rgb, "sRGB1", "CAM02-UCS")
    names = list(drawn)
    for a, b in itertools.combinations(range(len(names)), 2):
        distance = float(np.linalg.norm(ucs[a] - ucs[b]))
        assert distance >= MIN_DISTANCE, f"{names[a]} and {names[b]}: {distance:.1f} ({vision})"


def test_types_are_told_apart_in_greyscale() -> None:
    lightness = {t: float(cspace_convert([float(grey)] * 3, "sRGB1", "CIELab")[0])
                 for t, grey in bar_pixels("L").items()}
    ordered = sorted(lightness.values())
    assert min(np.diff(ordered)) >= MIN_GREY_STEP, lightness


def test_undated_parts_stay_hatched() -> None:
    frame = all_types()
    frame.loc[0, ["date", "date_start", "date_end"]] = [None, pd.NaT, pd.NaT]
    hatched = [p for p in charts.by_claimant(frame).axes[0].patches if p.get_hatch()]
    assert hatched and all(p.get_hatch() == charts.UNDATED_HATCH for p in hatched)
