"""Fact-check tables shaped like real exports, for the million-row benchmarks (all invented).

`realistic_table(n)` has the nine columns of a public fact-check export: an id, a 0-5 verdict,
who made the statement (a skewed distribution: a few claimants make most statements, a long tail
makes one or two), the statement (60-400 characters, every one distinct, with quotes, commas,
curly apostrophes, accented names, now and then a line break), its date as M/D/YYYY over fifteen
years, the channel, the fact-checker, the fact-check's date and its URL (distinct on every row).
With `tests/fixtures/import/factchecks.toml`, four columns are mapped and five go to
`attributes`. Every value of the id, statement and URL columns is distinct, so nothing that
works once per distinct value of a column can look free on it.

`repeated_table(n)` is the earlier benchmark table: 13,240 base rows repeated to n rows, each
copy at its own address (`?copy=K` on the URL), so its statements hold 13,240 distinct values.

Both are deterministic for a given `n` and `seed`; `write_csv` writes either as the CSV a user
would import (pandas' writer, UTF-8, quoted where needed).

    .venv/bin/python benchmarks/scale_tables.py 1000000 /tmp/realistic-1m.csv
    .venv/bin/python benchmarks/scale_tables.py 1000000 /tmp/repeated-1m.csv --repeated
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

CHANNELS = ["tv", "speech", "social_media", "press_release", "interview", "newsletter",
            "debate", "campaign_ad", "radio", "op_ed", "blog", "podcast"]
CHECKERS = ["PolitiFact-like", "Desk One Fact Check", "Verify Team", "Lead Stories-like",
            "Check Your Fact-like", "AFP-like Fact Check", "Full Fact-like",
            "Faktencheck Beispiel", "Vérification Exemple", "Logically-like"]
CHECKER_P = [0.40, 0.15, 0.10, 0.08, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02]


def _words(text: str) -> list[str]:
    return text.split()


FIRST = _words("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara "
         "Richard Susan Joseph Jessica Thomas Sarah Charles Karen Chris Nancy Daniel Lisa Matthew "
         "Betty Anthony Sandra Mark Ashley Donald Kimberly Steven Emily Paul Donna Andrew Michelle "
         "Joshua Carol Kenneth Amanda Kevin Melissa Brian Deborah George Stephanie Timothy Rebecca "
         "Ronald Sharon José Zoë Björn Renée Łukasz Siobhán Nguyễn Olamide Priya Wei Aleksandr "
         "Fatima Omar Ingrid Mateo Chloé Kwame Yuki Dmitri Amara Søren")
LAST = _words("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
        "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
        "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott "
        "Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter "
        "Roberts O'Brien O'Neill Müller Schäfer Dubois Lefèvre Kowalski Novák Ivanova Okafor "
        "Mensah Tanaka Kim Park Chen Wang Singh Patel Haddad Cohen Rossi Ferrari Silva Santos "
        "D'Angelo McCarthy Van der Berg de la Cruz")
GROUPS = ["Viral image", "Facebook posts", "Instagram posts", "TikTok posts", "X posts",
          "Bloggers", "Chain email", "Viral video", "WhatsApp messages", "Multiple sources",
          "Democratic Party", "Republican Party", "State Department", "Ministry of Health",
          "Ministry of Foreign Affairs", "Campaign committee", "Super PAC ad", "Think tank report"]
ROLES = ["Sen.", "Rep.", "Gov.", "Mayor", "President", "Minister", "Dr.", "State Sen.",
         "Councilmember", "", "", "", "", ""]

OPENERS = ["Says", "Says", "Says", "Claims", "States", "Said", "Posts claim", "A video shows",
           "An image shows", "Photo shows", "", "", "", ""]
WORDS = _words(
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they you were her she there been one all we their has would when who "
    "will more no if out so said what up its about than into them can only other new some could "
    "time these two may then do first any my now such like our over man me even most made after "
    "also did many before must through back years where much your way well down should because "
    "each just those people how too little state good very make world still own see men work "
    "long get here between both life being under never day same another know while last might "
    "us great old year off come since against go came right used take three percent million "
    "billion tax taxes jobs unemployment inflation border troops vaccine vaccines election "
    "ballots votes voters fraud immigrants crime police schools teachers students health care "
    "insurance medicare medicaid social security budget deficit debt spending wages workers "
    "economy prices gas oil energy climate emissions wind solar coal nuclear war military army "
    "soldiers weapons sanctions ministry government president governor senator congress "
    "legislature court judge law bill amendment abortion guns shooting murder rate rates "
    "doubled tripled fell rose highest lowest record history since ever never nobody everyone "
    "county city country nation region province capital village hospital clinic factory "
    "company companies corporations banks farmers small business tariffs trade china russia "
    "ukraine mexico canada europe africa india brazil iran israel gaza syria korea japan "
    "germany france britain australia refugees asylum visas deportations wall fence drones "
    "satellite intelligence officials report study survey poll data figures statistics "
    "according photo video image post viral shared claims shows says claimed denied confirmed "
    "announced banned approved vetoed signed cut raised eliminated created lost gained "
    "hundreds thousands dozens half quarter third majority minority twice every single each "
    "week month decade century morning night yesterday today tomorrow recently already soon "
    "lockdown masks pandemic virus outbreak deaths cases tests hospitals nurses doctors drug "
    "drugs overdoses fentanyl prison prisoners sentences pardons police officers budget cuts"
)


def _names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct claimant names: people (some with a role), and groups."""
    out: list[str] = list(GROUPS)
    seen = set(out)
    while len(out) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        role = ROLES[rng.integers(0, len(ROLES))]
        if role:
            name = f"{role} {name}"
        if rng.random() < 0.05:
            name += f" ({rng.choice(['D', 'R', 'I'])})"
        if name not in seen:
            seen.add(name)
            out.append(name)
    rng.shuffle(out)
    return out[:n]


def _statements(rng: np.random.Generator, n: int, claimants: np.ndarray) -> list[str]:
    """n distinct statements of 60-400 characters."""
    words = np.array(WORDS, dtype=object)
    # characters wanted: most 80-200, a long tail to 400 (as in real exports)
    target = np.clip(rng.lognormal(np.log(140), 0.45, n), 60, 400).astype(np.int64)
    avg = float(np.mean([len(w) + 1 for w in WORDS]))
    n_words = np.maximum((target / avg).astype(np.int64), 8)
    idx = rng.integers(0, len(words), int(n_words.sum()))
    opener = rng.integers(0, len(OPENERS), n)
    quote = rng.random(n)
    number = rng.integers(2, 100_000, n)
    kind = rng.random(n)
    bounds = np.concatenate([[0], np.cumsum(n_words)])
    out: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        w = words[idx[bounds[i]:bounds[i + 1]]].tolist()
        k = len(w)
        w[k // 3] = f"{number[i]:,}" if kind[i] < 0.5 else f"{number[i] % 100}%"
        if quote[i] < 0.25:  # a quoted phrase
            a = k // 2
            w[a] = '"' + w[a]
            w[min(a + 2, k - 1)] += '"'
        elif quote[i] < 0.35:  # a curly apostrophe and a comma
            w[k // 2] += "’s,"
        elif quote[i] < 0.40:
            w[1] += ","
        text = " ".join(w)
        if opener[i] and OPENERS[opener[i]]:
            text = f"{OPENERS[opener[i]]} {text}"
        text = text[0].upper() + text[1:]
        if kind[i] > 0.9995:  # now and then a line break, as pasted text brings
            text = text.replace(" ", "\n", 1)
        text = text[:399].rstrip() + "."
        while len(text) < 60:
            text = text[:-1] + " " + str(words[rng.integers(0, len(words))]) + "."
        if text in seen:
            text = text[:-1] + f" ({claimants[i]})."
        while text in seen:
            text = text[:-1] + "!"
        seen.add(text)
        out.append(text)
    return out


def _slug(texts: pd.Series, words: int = 8) -> pd.Series:
    lowered = texts.str.lower().str.replace(r"[^a-z0-9 ]+", "", regex=True)
    return lowered.str.split().str[:words].str.join("-")


def realistic_table(n: int, seed: int = 11) -> pd.DataFrame:
    """n fact-check rows shaped like a real export (see the module's docstring)."""
    rng = np.random.default_rng(seed)
    n_claimants = max(50, min(40_000, n // 25))
    names = np.array(_names(rng, n_claimants), dtype=object)
    rank = np.minimum(rng.zipf(1.25, n), n_claimants) - 1  # Zipf: a few make most statements
    tail = rng.random(n) < 0.3  # and a long tail of one-off claimants
    rank = np.where(tail, rng.integers(0, n_claimants, n), rank)
    claimant = names[rank]
    day0 = np.datetime64("2011-01-01")
    days = day0 + rng.integers(0, 15 * 365 + 3, n).astype("timedelta64[D]")  # 2011-2025
    checked = days + np.minimum(rng.geometric(0.15, n), 120).astype("timedelta64[D]")
    stamp = pd.DatetimeIndex(days)
    stamp_checked = pd.DatetimeIndex(checked)
    mdy = (pd.Series(stamp.month).astype(str) + "/" + pd.Series(stamp.day).astype(str) + "/"
           + pd.Series(stamp.year).astype(str))
    mdy_checked = (pd.Series(stamp_checked.month).astype(str) + "/"
                   + pd.Series(stamp_checked.day).astype(str) + "/"
                   + pd.Series(stamp_checked.year).astype(str))
    statement = pd.Series(_statements(rng, n, claimant))
    ids = rng.permutation(n) + 10_000
    checker = rng.choice(len(CHECKERS), n, p=CHECKER_P)
    host = np.array([c.lower().replace(" ", "").replace("-like", "").replace("é", "e")
                     for c in CHECKERS], dtype=object)[checker]
    month = pd.Series(stamp_checked.strftime("%Y/%b/%d")).str.lower()
    who = _slug(pd.Series(claimant), 3)
    url = ("https://www." + pd.Series(host) + ".example.org/factchecks/" + month + "/" + who
           + "/" + _slug(statement) + "/")
    dup = url.duplicated(keep="first")
    url = url.where(~dup, url.str.slice(0, -1) + "-" + pd.Series(ids).astype(str) + "/")
    return pd.DataFrame({
        "id": pd.Series(ids).astype(str),
        "verdict": rng.choice(6, n, p=[0.22, 0.20, 0.18, 0.16, 0.14, 0.10]).astype(str),
        "statement_originator": claimant,
        "statement": statement,
        "statement_date": mdy,
        "statement_source": np.array(CHANNELS, dtype=object)[rng.integers(0, len(CHANNELS), n)],
        "factchecker": np.array(CHECKERS, dtype=object)[checker],
        "factcheck_date": mdy_checked,
        "factcheck_analysis_link": url,
    })


BASE_ROWS = 13_240  # rows of the repeated table's base


def repeated_table(n: int, seed: int = 3) -> pd.DataFrame:
    """`BASE_ROWS` fact-check rows (M/D/YYYY dates, quotes, 0-5 ratings) repeated to n rows,
    each copy at its own address, so every row is a claim of its own (the earlier benchmark)."""
    rng = np.random.default_rng(seed)
    b = BASE_ROWS
    base = pd.DataFrame({
        "statement_originator": pd.Series(np.minimum(rng.zipf(1.4, b), 900)).map("Speaker {}".format),
        "statement": pd.Series(np.arange(b)).map(
            'Says "figure {}" doubled, and the rest of a typical statement.'.format),
        "statement_date": (pd.Series(rng.integers(1, 13, b)).astype(str) + "/"
                           + pd.Series(rng.integers(1, 29, b)).astype(str) + "/"
                           + pd.Series(rng.integers(2008, 2026, b)).astype(str)),
        "verdict": rng.integers(0, 6, b).astype(str),
        "statement_source": np.array(CHANNELS[:6])[np.arange(b) % 6],
        "factcheck_analysis_link": pd.Series(np.arange(b)).map(
            "https://factcheck.example.org/{}/".format),
        "factchecker": "Example Fact Check"})
    rows = np.arange(n)
    table = base.iloc[rows % b].reset_index(drop=True)
    table["factcheck_analysis_link"] += "?copy=" + pd.Series(rows // b).astype(str)
    return table


def write_csv(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False)


def describe(table: pd.DataFrame) -> str:
    """Distinct values and lengths of each column: what the benchmark is made of."""
    parts = []
    for c in table.columns:
        s = table[c]
        lens = s.str.len()
        parts.append(f"{c}: {s.nunique():,} distinct, {lens.min()}-{lens.max()} chars "
                     f"(median {lens.median():.0f})")
    top = table["statement_originator"].value_counts()
    share = top.iloc[:max(1, len(top) // 100)].sum() / len(table)
    parts.append(f"claimants: {len(top):,}; the top 1% make {share:.0%} of rows; "
                 f"{int((top == 1).sum()):,} make one")
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--repeated", action="store_true", help="the repeated-row table instead")
    ap.add_argument("--describe", action="store_true", help="print each column's make-up")
    args = ap.parse_args()
    t0 = time.perf_counter()
    table = repeated_table(args.rows) if args.repeated else realistic_table(args.rows)
    write_csv(table, args.out)
    print(f"{args.rows:,} rows, {args.out.stat().st_size / 1e6:.0f} MB, "
          f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    if args.describe:
        print(describe(table))


if __name__ == "__main__":
    main()
