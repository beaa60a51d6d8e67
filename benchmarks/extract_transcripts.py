"""Speaker attribution on real debate transcripts (CLEF 2019 CheckThat! task 1).

    .venv/bin/python benchmarks/extract_transcripts.py [--part dev|dev2019|test2019|dev2020|test2020]
        [--case upper|title] [--limit N] [-v]

Each transcript (benchmarks/data/checkthat2019/ and checkthat2020/, one sentence a line with its
speaker) is laid
out as a reader would save it: one paragraph per speaker turn, `TRUMP: …` (or, with
`--case title`, `Trump: …`), audience reactions (`(APPLAUSE)`) as paragraphs of their own. Then
`claimbook extract` runs on it (publisher "Debate transcript", published the debate's date) and
every proposed mention is checked against the turn it starts in:

* **speaker right**: of the mentions in a speaker's own voice (not a claim they report from
  someone else, "X said …"), the share credited to that turn's speaker (claimant words as the
  other benchmarks compare them);
* **crossing a turn**: mentions whose text runs into the next turn (must be 0);
* **reported**: mentions credited to someone the speaker quotes (not scored, counted).

Parts as in `checkthat_parts.py`: `dev` is every development transcript (the 2019 lab's training
transcripts first, so `--limit 6` reads the same six as before; then its spent test transcripts,
`test2019`, formerly `--part final`, still accepted; then the 2020 lab's new training transcripts);
`test2020`, the 2020 lab's test transcripts, is held out for one final measurement.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from checkthat_parts import FOLDERS, files  # noqa: E402
from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract  # noqa: E402
from extract_fixtures import claimant_ok  # noqa: E402

PARTS = {**{part: part for part in FOLDERS}, "final": "test2019"}  # "final": its name until 7 Dec


def layout(path: Path, case: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The transcript as text, and each turn's (start, end, speaker)."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if len(r) >= 3]
    turns: list[tuple[str, list[str]]] = []
    for _, speaker, text, *_ in rows:
        speaker = speaker.strip()
        if len(speaker) > 40 and turns:  # a defect of the source: a line without its speaker
            speaker, text = turns[-1][0], speaker
        if turns and turns[-1][0] == speaker:
            turns[-1][1].append(text.strip())
        else:
            turns.append((speaker, [text.strip()]))
    parts, spans, pos = [], [], 0
    for speaker, lines in turns:
        body = " ".join(lines)
        label = speaker.upper() if case == "upper" else speaker.title()
        para = body if speaker == "SYSTEM" else f"{label}: {body}"
        spans.append((pos, pos + len(para), speaker))
        parts.append(para)
        pos += len(para) + 2
    return "\n\n".join(parts) + "\n", spans


def score(path: Path, case: str) -> dict:
    text, spans = layout(path, case)
    day = path.name[:8]
    published = f"{day[:4]}-{day[4:6]}-{day[6:]}" if day.isdigit() and day[4:6] <= "12" else ""
    cands = extract.extract(text, "Debate transcript", published, aliases.alias_table())
    out = {"mentions": 0, "own": 0, "right": 0, "crossing": 0, "reported": 0, "wrong": []}
    starts = [s for s, _, _ in spans]
    for c in cands:
        for m in c.mentions:
            out["mentions"] += 1
            k = bisect.bisect_right(starts, m.start) - 1
            s, e, speaker = spans[k]
            if m.end > e:
                out["crossing"] += 1
                out["wrong"].append(f"  crosses a turn: {m.quote[:100]!r}")
            if m.attribution not in ("speaker", "document", "passive"):
                out["reported"] += 1
                continue
            out["own"] += 1
            who = re.sub(r"\([^)]*\)\s*", "", speaker).strip()  # "(APPLAUSE) CLINTON"
            who = who.split(",")[0].strip()  # "JAKE TAPPER, CNN": the person, not the outlet
            if speaker != "SYSTEM" and claimant_ok(m.claimant.name, who.title()):
                out["right"] += 1
            else:
                out["wrong"].append(f"  {speaker} turn, credited to {m.claimant.name!r}: "
                                    f"{m.quote[:90]!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", default="dev", choices=list(PARTS))
    ap.add_argument("--case", default="upper", choices=["upper", "title"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N transcripts")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    paths = files(PARTS[args.part])
    if args.limit:
        paths = paths[: args.limit]
    total = {"mentions": 0, "own": 0, "right": 0, "crossing": 0, "reported": 0}
    wrong: list[str] = []
    print(f"part: {args.part} ({', '.join(FOLDERS[PARTS[args.part]])}), labels in {args.case} case")
    print("| transcript | mentions | own voice | speaker right | crossing a turn | reported |")
    print("|---|---|---|---|---|---|")
    for f in paths:
        s = score(f, args.case)
        for k in total:
            total[k] += s[k]
        wrong += [f"{f.name}:{w}" for w in s["wrong"]]
        print(f"| {f.name} | {s['mentions']} | {s['own']} | {s['right'] / (s['own'] or 1):.3f} | "
              f"{s['crossing']} | {s['reported']} |")
    print(f"| overall | {total['mentions']} | {total['own']} | "
          f"{total['right'] / (total['own'] or 1):.3f} | {total['crossing']} | {total['reported']} |")
    if args.verbose:
        print("\n".join(wrong[:60]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
