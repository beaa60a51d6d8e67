"""Claim-worthiness with each present feature worth 1/sqrt(the text's number of features): the
product scores with the same scaling the weights were trained with, and the real development
transcripts of the CheckThat! 2020 lab (benchmarks/data/checkthat2020/training, public transcripts:
source and licence in its README) rank their checked lines at MAP >= 0.14 (0.121 with the previous
weights, where every feature counted 1; the benchmark figures are in benchmarks/README.md).
"""

from __future__ import annotations

import math
import statistics

from claimbook.sources import worthiness
from places import ROOT
from transcripts import average_precision

DEV2020 = ROOT / "benchmarks" / "data" / "checkthat2020" / "training"


def test_the_log_odds_are_the_bias_plus_the_scaled_weights() -> None:
    m = worthiness.model()
    assert "feature_value" in m["meta"]["model"]
    text = "Unemployment fell to 4.9 percent last year, the lowest since 2008."  # invented
    feats = worthiness.features(text)
    total = sum(m["weights"].get(f, 0.0) for f in feats)
    assert math.isclose(worthiness.log_odds(text), m["bias"] + total / math.sqrt(len(feats)))
    assert worthiness.feature_value(4) == 0.5 and worthiness.feature_value(0) == 0.0


def test_the_2020_development_transcripts_rank_their_checked_lines_higher() -> None:
    aps = []
    for path in sorted(DEV2020.glob("*.tsv")):
        rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()]
        scores = worthiness.rank_lines([(r[1], r[2]) for r in rows])
        aps.append(average_precision(scores, [int(r[3]) for r in rows]))
    assert len(aps) == 34
    assert statistics.mean(aps) >= 0.14
