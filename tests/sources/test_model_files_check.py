"""The one writer and the `--check` comparison of the shipped models: `write` gives the same bytes
for the same model, and the shipped files are exactly what it writes for their content; a
retrained model equals the shipped one when its floats move by less than the tolerance and differs
— line by line, exit status 1 — when a float moves more, a key, a class, a count or its
provenance changes, or a list changes length; the logistic both two-class models read their
log-odds with.

The small models below are invented for these tests.
"""

from __future__ import annotations

import copy
import gzip
import json
from importlib import resources
from pathlib import Path

import pytest

from claimbook.sources import model_files

MODEL = {
    "model": "an invented two-voice model", "trained_on": "parts: a, b", "min_count": 2,
    "voices": {"attributed": {"examples": 3, "C": 1.0, "classes": ["allegation", "statement"],
                              "bias": [0.25, -0.25], "weights": {"verb=say": [0.5, -0.5]}}},
}
SHIPPED = [("learned_types_model", "weights.json.gz"), ("learned_types_model", "keep.json.gz"),
           ("worthiness_model", "weights.json.gz")]


def test_the_writer_is_deterministic_and_reads_back(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "m.json.gz", tmp_path / "b.json.gz"
    assert model_files.write(a, MODEL) == a.stat().st_size
    model_files.write(b, copy.deepcopy(MODEL))
    assert a.read_bytes() == b.read_bytes()
    assert model_files.read(a) == MODEL
    assert json.loads(gzip.decompress(a.read_bytes())) == MODEL


@pytest.mark.parametrize(("folder", "name"), SHIPPED)
def test_every_shipped_file_is_what_the_writer_writes(folder: str, name: str) -> None:
    raw = resources.files("claimbook.sources").joinpath(folder, name).read_bytes()
    assert model_files.encode(json.loads(gzip.decompress(raw))) == raw


def test_floats_within_the_tolerance_are_equal() -> None:
    trained = copy.deepcopy(MODEL)
    trained["voices"]["attributed"]["bias"][0] += 0.0009
    trained["voices"]["attributed"]["weights"]["verb=say"][1] -= 0.0009
    assert model_files.differences(MODEL, trained) == []


def changed(path: tuple[str | int, ...], value: object) -> dict:
    trained = copy.deepcopy(MODEL)
    at = trained
    for step in path[:-1]:
        at = at[step]
    at[path[-1]] = value
    return trained


@pytest.mark.parametrize(("path", "value", "named"), [
    (("voices", "attributed", "weights", "verb=say", 0), 0.502, "voices.attributed.weights.verb=say[0]"),
    (("voices", "attributed", "classes", 1), "denial", "voices.attributed.classes[1]"),
    (("voices", "attributed", "examples"), 4, "voices.attributed.examples"),
    (("trained_on",), "parts: a, b, c", "trained_on"),
    (("min_count",), 2.0, "min_count"),  # a count is not a float
    (("voices", "attributed", "bias"), [0.25], "voices.attributed.bias: 2 items shipped, 1 trained"),
])
def test_a_change_beyond_the_tolerance_is_named(path, value, named: str) -> None:
    (line,) = model_files.differences(MODEL, changed(path, value))
    assert line.startswith(named)


def test_a_key_on_one_side_only_is_named() -> None:
    trained = copy.deepcopy(MODEL)
    trained["voices"]["attributed"]["weights"]["verb=deny"] = [0.1, -0.1]
    del trained["min_count"]
    assert model_files.differences(MODEL, trained) == [
        "the model: key 'min_count' only in the shipped file",
        "voices.attributed.weights: key 'verb=deny' only in the trained model"]


def test_check_prints_the_differences_and_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.json.gz"
    model_files.write(path, MODEL)
    assert model_files.check(path, copy.deepcopy(MODEL)) == 0
    assert "equals the shipped weights" in capsys.readouterr().out
    trained = changed(("voices", "attributed", "weights", "verb=say", 0), 0.75)
    trained["trained_on"] = "parts: a"
    assert model_files.check(path, trained, show=1) == 1
    out = capsys.readouterr().out
    assert "2 differences" in out and "trained_on: 'parts: a, b' shipped, 'parts: a' trained" in out
    assert "and 1 more" in out


def test_logistic() -> None:
    assert model_files.logistic(0.0) == 0.5
    assert model_files.logistic(-1000.0) == 0.0
    assert model_files.logistic(1000.0) == 1.0
    assert model_files.logistic(2.0) + model_files.logistic(-2.0) == pytest.approx(1.0)
