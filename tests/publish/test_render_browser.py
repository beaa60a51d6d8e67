"""Rendered reports in a real browser: no script from the data runs, the page's own script does,
and opening a report makes no network request at all.

Headless Debian chromium driven over the DevTools protocol (tests/cdp.py): nothing is
downloaded. Without chromium the test is skipped on a workstation, and fails under CI (CI=true),
where `make test` installs it. Host names never resolve in this browser, so even a request that
slipped through would not leave the machine; it is still recorded, and fails the test.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Browser, chromium, find_chromium
from hostile import HOSTILE

pytestmark = [pytest.mark.slow, pytest.mark.serial]  # a browser


def require_chromium() -> str:
    """chromium's path; without it skip on a workstation, but fail under CI (CI=true)."""
    executable = find_chromium()
    if executable is None:
        message = ("chromium is not installed (Debian: apt-get install chromium; or set "
                   "CHROMIUM=/path/to/chrome)")
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true and {message}: the browser test must run in CI")
        pytest.skip(message)
    return executable


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(require_chromium()) as b:
        yield b


@pytest.mark.parametrize(("ci", "outcome"), [("", pytest.skip.Exception),
                                             ("true", pytest.fail.Exception)])
def test_missing_chromium_skips_here_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch, ci: str,
                                                      outcome: type[BaseException]) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(sys.modules[__name__], "find_chromium", lambda: None)
    with pytest.raises(outcome, match="chromium is not installed"):
        require_chromium()


# Elements a payload would create; the page itself has none (its filter inputs aside).
FOREIGN = ", ".join(["img", "iframe", "frame", "object", "embed", "form", "base", "link", "video",
                     "audio", "source", "button", "textarea", "select", "meta[http-equiv]",
                     "template", "input:not(.table-tools input)"])


def dom_facts(b: Browser) -> dict:
    return b.evaluate("const FOREIGN = " + repr(FOREIGN) + ";" + """({
        pwned: typeof window.__pwned,
        scripts: document.scripts.length,
        svgs: document.querySelectorAll('svg').length,
        chartSvgs: document.querySelectorAll('figure.chart svg').length,
        foreign: document.querySelectorAll(FOREIGN).length,
        handlers: Array.from(document.querySelectorAll('*')).filter(
            e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length,
        badLinks: Array.from(document.links).filter(
            a => !/^https?:$/.test(a.protocol) || a.rel !== 'noopener noreferrer').length,
        tools: document.querySelectorAll('.table-tools input[type=search]').length,
        tables: document.querySelectorAll('table.claims').length,
        bodyHidden: getComputedStyle(document.body).display === 'none',
        title: document.title,
        h1: document.querySelector('h1').textContent,
    })""")


def assert_only_the_page_was_loaded(b: Browser, page: Path) -> None:
    urls = b.requested_urls()
    assert urls, "the page load itself must be recorded (is the harness listening?)"
    others = [u for u in urls if u != page.as_uri() and not u.startswith("data:")]
    assert others == [], f"opening the report requested {others}"
    assert not b.named("Network.webSocketCreated")
    assert not b.named("Page.frameRequestedNavigation"), "something tried to navigate away"


def test_harness_sees_scripts_dialogs_and_requests(browser: Browser, tmp_path: Path) -> None:
    """Positive control: a page that does run a script and does load something is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<p>x</p><script>window.__pwned = 1; alert("pwned")</script>'
                    '<img src="https://evil.example/pixel.png">', encoding="utf-8")
    browser.open(page.as_uri())
    assert browser.dialogs() == ["pwned"]
    assert browser.evaluate("typeof window.__pwned") == "number"
    assert "https://evil.example/pixel.png" in browser.requested_urls()


def test_hostile_report_runs_nothing_from_the_data(browser: Browser, hostile_report: Path) -> None:
    page = hostile_report / "report.html"
    browser.open(page.as_uri(), settle=1.5)
    assert browser.dialogs() == [], "a script from the data opened a dialog"
    facts = dom_facts(browser)
    assert facts["pwned"] == "undefined", "a script from the data ran"
    assert facts["scripts"] == 1, "only the page's own table script"
    assert facts["svgs"] == facts["chartSvgs"] == 5  # with the Sources chart
    assert facts["foreign"] == 0 and facts["handlers"] == 0
    assert facts["badLinks"] == 0
    assert not facts["bodyHidden"], "a style from the data took effect"
    assert facts["title"] == facts["h1"]
    assert HOSTILE["script"] in facts["h1"]
    errors = [p for p in browser.named("Runtime.exceptionThrown")]
    assert errors == [], errors
    assert_only_the_page_was_loaded(browser, page)


def test_hostile_report_links_open_nothing_when_the_page_opens(browser: Browser,
                                                               hostile_report: Path) -> None:
    page = hostile_report / "report.html"
    browser.open(page.as_uri(), settle=0.5)
    hrefs = browser.evaluate("Array.from(document.links).map(a => a.href)")
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    # hovering and focusing every element triggers no handler (there are none to trigger)
    browser.evaluate("""document.querySelectorAll('*').forEach(e => {
        e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
        if (e.focus) { e.focus(); } })""")
    browser.pump(0.5)
    assert browser.dialogs() == []
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert_only_the_page_was_loaded(browser, page)


def test_the_tables_own_script_filters_rows(browser: Browser, hostile_report: Path) -> None:
    page = hostile_report / "report.html"
    browser.open(page.as_uri(), settle=0.2)
    result = browser.evaluate("""(() => {
        const table = document.querySelector('table.claims[data-group=in_range]');
        const input = table.previousElementSibling.querySelector('input');
        const visible = () => Array.from(table.tBodies[0].rows).filter(r => !r.hidden).length;
        const before = visible();
        input.value = 'rtl_override said';
        input.dispatchEvent(new Event('input'));
        const filtered = visible();
        const shown = table.previousElementSibling.querySelector('span').textContent;
        input.value = '';
        input.dispatchEvent(new Event('input'));
        return {before, filtered, after: visible(), shown};
    })()""")
    assert result["before"] > 5
    assert result["filtered"] == 1
    assert result["after"] == result["before"]
    assert result["shown"] == f"1 of {result['before']} shown"


def test_seed_report_runs_its_script_and_loads_nothing(browser: Browser, seed_report: Path) -> None:
    page = seed_report / "report.html"
    browser.open(page.as_uri(), settle=1.0)
    facts = dom_facts(browser)
    assert browser.dialogs() == []
    assert facts["scripts"] == 1 and facts["chartSvgs"] == 5
    assert facts["tools"] == facts["tables"] >= 2, "the table script added a filter box per table"
    assert facts["foreign"] == 0 and facts["handlers"] == 0
    assert browser.named("Runtime.exceptionThrown") == []
    assert_only_the_page_was_loaded(browser, page)
    counts = browser.evaluate("""(() => {
        const table = document.querySelector('table.claims[data-group=undated]');
        const input = table.previousElementSibling.querySelector('input');
        const rows = Array.from(table.tBodies[0].rows);
        input.value = rows[0].querySelector('td.claim p').textContent;
        input.dispatchEvent(new Event('input'));
        return {total: rows.length, shown: rows.filter(r => !r.hidden).length};
    })()""")
    assert 1 <= counts["shown"] < counts["total"]


def test_index_page_loads_nothing(browser: Browser, seed_report: Path) -> None:
    page = seed_report.parent / "index.html"
    browser.open(page.as_uri(), settle=0.5)
    assert browser.evaluate("document.scripts.length") == 0
    assert_only_the_page_was_loaded(browser, page)
