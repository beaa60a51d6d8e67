"""Hostile text for the security tests: strings a source, a curator or a parameter could carry,
and a tiny valid data folder that puts every one of them in every place a report shows text.

Each string must appear in the rendered HTML and PDF as exactly the text it is; none may run,
load, link, typeset or restyle anything.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimbook.claims import schema
from datamaker import CLAIM_DEFAULTS, write_csv

# one 10,000-character word: a hundred lines or more in any column of a report, so every place that
# shows it must break it (100,000 made the hostile PDF 441 pages and 100 s of CPU, proving no more)
LONG_WORD = "W" + "a" * 9_998 + "Z"

# name -> text. Names are ids in test output; texts avoid whitespace runs at either end so the
# quote rule (whitespace runs as one space) keeps them unchanged.
HOSTILE: dict[str, str] = {
    "script": "<script>alert(1)</script>",
    "script_pwned": "<script>window.__pwned = 'script'</script>",
    "img_onerror": "<img src=x onerror=\"window.__pwned='img';alert(2)\">",
    "svg_onload": "<svg onload=\"window.__pwned='svg'\"><circle r=9></circle></svg>",
    "iframe": "<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>",
    "attribute_breakout": "\" onmouseover=\"window.__pwned='attr'\" data-x=\"",
    "single_quote_breakout": "' onfocus='window.__pwned=1' autofocus x='",
    "style_tag": "<style>body{display:none}*{background:url(https://evil.example/x.png)}</style>",
    "link_tag": "<link rel=stylesheet href=https://evil.example/x.css>",
    "meta_refresh": "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "base_tag": "<base href=\"https://evil.example/\">",
    "form": "<form action=https://evil.example/><button>Go</button></form>",
    "closing_tags": "</td></tr></table></main><h1>injected</h1>",
    "comment": "<!-- open comment that never closes",
    "cdata": "]]><![CDATA[x]]>",
    "entities": "&lt;script&gt;alert(3)&lt;/script&gt; &amp; &#60;b&#62; &quot;",
    "javascript_url": "javascript:alert(4)",
    "data_url": "data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==",
    "latex_inline": "$x^2$ and \\(a+b\\) and $\\frac{1}{0}$",
    "latex_display": "$$\\int_0^1 f(x)\\,dx$$ and \\[E=mc^2\\] \\begin{equation}y\\end{equation}",
    "markdown": "**bold** __strong__ _em_ `code` # not a heading [click](javascript:alert(6))",
    "markdown_image": "![x](https://evil.example/pixel.png)",
    "template": "{{7*7}} ${7*7} {% raw %} <%= 7*7 %>",
    "rtl_override": "\u202egnp.exe\u202c and \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "zero_width": "zero\u200bwidth\u200cnon\u200djoiner\u2060word\ufeffbom",
    "combining": "Z\u0351\u0352a\u0353l\u0354g\u0355o\u0356",
    "emoji": "\U0001f680 \U0001f1fa\U0001f1e6 \U0001f468\u200d\U0001f469\u200d\U0001f467",
    "backslashes": "C:\\new\\table \\x41 \\u0041 \\\\",
    "python_injection": "\"; import os; os.system('touch /tmp/pwned') #",
    "long_word": LONG_WORD,
}

# URLs of source documents: only http(s) may become links.
URLS: dict[str, tuple[str, bool]] = {  # name -> (url, becomes a link)
    "https": ("https://example.org/a?b=1&c=<2>", True),
    "http_upper": ("HTTP://EXAMPLE.ORG/UPPER", True),
    "https_quote": ("https://example.org/\"onmouseover=\"window.__pwned='href'", True),
    "javascript": ("javascript:window.__pwned='js-url'", False),
    "javascript_mixed": ("JaVaScRiPt:alert(7)", False),
    "javascript_space": (" javascript:alert(8)", False),
    "javascript_tab": ("java\tscript:alert(9)", False),
    "data": ("data:text/html,<script>alert(10)</script>", False),
    "vbscript": ("vbscript:msgbox(1)", False),
    "file": ("file:///etc/passwd", False),
    "protocol_relative": ("//evil.example/x", False),
    "ftp": ("ftp://example.org/file", False),
}

CLAIMANT_TYPES = list(schema.CLAIMANT_TYPES)
CLAIM_TYPES = list(schema.CLAIM_TYPES)


def claims_of_hostile() -> list[dict[str, str]]:
    """One claim per hostile string: it is the claim text, the claimant and (in) the quote."""
    rows = []
    for i, (name, text) in enumerate(HOSTILE.items()):
        rows.append({
            **CLAIM_DEFAULTS,
            "claim_id": f"H{i:02d}",
            "claim": text,
            "claimant": text,
            "claimant_type": CLAIMANT_TYPES[i % len(CLAIMANT_TYPES)],
            "claim_type": CLAIM_TYPES[i % len(CLAIM_TYPES)],
            "date": "2025-07" if i % 3 else "2025",  # in range and imprecise in a July report
            "responds_to": "H00" if i == 1 else "",
            "notes": name,
            "quote": f"{name} said {text}",
        })
    rows.append({**CLAIM_DEFAULTS, "claim_id": "U01", "claim": HOSTILE["script"],
                 "claimant": HOSTILE["img_onerror"], "claim_type": "denial", "date": "",
                 "quote": "undated " + HOSTILE["script"]})
    return rows


LONG_URL = "https://example.org/" + LONG_WORD


def documents_of_hostile() -> list[dict[str, str]]:
    """One document per URL, plus one whose title, publisher and URL are the long word.

    Titles and publishers are hostile strings joined with " ¦ ": together they hold every one.
    """
    names = [n for n in HOSTILE if n != "long_word"]
    n_docs = len(URLS)
    docs = []
    for d, (url_name, (url, _)) in enumerate(URLS.items()):
        docs.append({"doc_id": f"doc{d:02d}", "url": url,
                     "title": f"{url_name}: " + " ¦ ".join(HOSTILE[n] for n in names[d::n_docs]),
                     "publisher": " ¦ ".join(HOSTILE[n] for n in names[(d + 5) % n_docs::n_docs])})
    docs.append({"doc_id": "doclong", "url": LONG_URL, "title": LONG_WORD, "publisher": LONG_WORD})
    return docs


def report_title() -> str:
    """The report's --title: every hostile string (a command-line argument: under 128 KiB)."""
    return " ¦ ".join(HOSTILE.values())


def make_hostile_data(root: Path) -> Path:
    """A valid data folder: every claim quoted once, the quotes spread over the documents."""
    data = root / "data"
    (data / "sources").mkdir(parents=True, exist_ok=True)
    claims = claims_of_hostile()
    docs = documents_of_hostile()
    mentions = []
    long = [c for c in claims if c["claim"] == LONG_WORD]
    others = [c for c in claims if c["claim"] != LONG_WORD]
    for d, doc in enumerate(docs):
        # the long document holds only the long claim: its title is cited once (PDF pages cost)
        pieces = long if doc["doc_id"] == "doclong" else others[d::len(docs) - 1]
        text = ""
        for c in pieces:
            start = len(text)
            text += c["quote"]
            mentions.append({"claim_id": c["claim_id"], "doc_id": doc["doc_id"], "start": start,
                             "end": len(text), "quote": " ".join(c["quote"].split())})
            text += "\n\n"
        source = data / "sources" / f"{doc['doc_id']}.txt"
        source.write_text(text or "an empty source\n", encoding="utf-8", newline="")
        doc.update({"path": f"sources/{doc['doc_id']}.txt", "published": "",
                    "retrieved": "2026-01-01",
                    "sha256": hashlib.sha256(source.read_bytes()).hexdigest()})
    write_csv(data / "documents.csv", schema.DOCUMENTS.names, docs)
    write_csv(data / "claims.csv", schema.CLAIMS.names,
              [{k: v for k, v in c.items() if k != "quote"} for c in claims])
    write_csv(data / "mentions.csv", schema.MENTIONS.names, mentions)
    return data
