"""What the English pipeline gives: tagging and attachment on a treebank's test part, and speed.

The treebank is the test part of Universal Dependencies' English Web Treebank (v2.15, CC BY-SA 4.0,
`benchmarks/data/ud_english_ewt/`). The pipeline reads the treebank's own words (so tokenization
errors do not count), then:

* UPOS accuracy: the pipeline's coarse tag against the treebank's;
* UAS over all words: the head of each word. The pipeline was trained on a different dependency
  scheme (ClearNLP, where prepositions, copulas and auxiliaries head differently from UD), so this
  figure understates it;
* the relations the two schemes share (subjects, objects, determiners, modifiers, clausal
  complements of a verb; words in or under a copular clause left out, since UD heads those on the
  predicate and ClearNLP on the copula): head right (UAS) and head and mapped label right (LAS).
  These are the
  attachments attribution reads ("X said that …": the subject of "said", its complement).

Then speed: sentences per second of `claimbook.sources.nlp.parse_many` on the treebank's raw
sentence texts, one process.

    .venv/bin/python benchmarks/parse_accuracy.py [--limit N]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from spacy.tokens import Doc

from claimbook.sources import nlp

HERE = Path(__file__).resolve().parent
TEST = HERE / "data" / "ud_english_ewt" / "en_ewt-ud-test.conllu"
# UD relation -> the pipeline's (ClearNLP) labels counted as the same relation
SHARED = {"nsubj": {"nsubj"}, "nsubj:pass": {"nsubjpass"}, "obj": {"dobj"}, "iobj": {"dative"},
          "det": {"det"}, "amod": {"amod"}, "advmod": {"advmod"}, "nummod": {"nummod"},
          "compound": {"compound"}, "ccomp": {"ccomp"}, "xcomp": {"xcomp"}}


def read_conllu(path: Path):
    sent: list[list[str]] = []
    text = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif not line.strip():
            if sent:
                yield text, sent
            sent, text = [], ""
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue
            sent.append(cols)
    if sent:
        yield text, sent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    pipe = nlp.pipeline()
    sents = list(read_conllu(TEST))
    if args.limit:
        sents = sents[: args.limit]
    n = pos_ok = head_ok = 0
    shared_n = shared_head = shared_lab = 0
    per_rel: dict[str, list[int]] = {}
    for _, rows in sents:
        words = [r[1] for r in rows]
        spaces = ["SpaceAfter=No" not in r[9] for r in rows]
        doc = pipe(Doc(pipe.vocab, words=words, spaces=spaces))
        copular = {int(r[6]) - 1 for r in rows if r[7] == "cop"}  # heads differ across schemes
        for tok, r in zip(doc, rows, strict=True):
            if r[3] == "PUNCT":
                continue
            n += 1
            pos_ok += tok.pos_ == r[3]
            gold_head = int(r[6]) - 1
            pred_head = -1 if tok.dep_ == "ROOT" else tok.head.i
            head_ok += gold_head == pred_head
            rel = r[7]
            if rel in SHARED and gold_head not in copular and int(r[0]) - 1 not in copular:
                # a clausal complement counts only when its head in the treebank is a verb
                if rel in ("ccomp", "xcomp") and rows[gold_head][3] not in ("VERB",):
                    continue
                shared_n += 1
                ok_h = gold_head == pred_head
                ok_l = ok_h and tok.dep_ in SHARED[rel]
                shared_head += ok_h
                shared_lab += ok_l
                per_rel.setdefault(rel, [0, 0, 0])
                per_rel[rel][0] += 1
                per_rel[rel][1] += ok_h
                per_rel[rel][2] += ok_l
    print(f"model: {nlp.MODEL} {pipe.meta.get('version')}  treebank: {TEST.name}, "
          f"{len(sents)} sentences, {n} words (punctuation excluded)")
    print(f"UPOS accuracy           {pos_ok / n:.3f}")
    print(f"UAS, all words          {head_ok / n:.3f}   (cross-scheme: understates)")
    print(f"shared relations UAS    {shared_head / shared_n:.3f}   LAS {shared_lab / shared_n:.3f}"
          f"   ({shared_n} words)")
    for rel, (k, h, lab) in sorted(per_rel.items()):
        print(f"  {rel:12s} {k:6d}  UAS {h / k:.3f}  LAS {lab / k:.3f}")
    texts = [t for t, _ in sents]
    t0 = time.process_time()
    w0 = time.perf_counter()
    docs = list(nlp.parse_many(texts))
    cpu = time.process_time() - t0
    wall = time.perf_counter() - w0
    print(f"speed: {len(docs)} sentences in {cpu:.1f} s CPU ({wall:.1f} s wall, load "
          f"{os.getloadavg()[0]:.1f}): {len(docs) / cpu:.0f} sentences per CPU second")


if __name__ == "__main__":
    main()
