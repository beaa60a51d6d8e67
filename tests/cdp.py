"""A small Chrome DevTools Protocol client for tests: Debian's chromium, headless, no download.

chromium listens on a random port of 127.0.0.1 (`--remote-debugging-port=0`) and prints the
browser's websocket address on stderr; `websocket-client` speaks to it. One page target is
attached with a flat session, so commands and events of the page travel over the one socket.
Every event is recorded, so a test can ask afterwards what the page did.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import websocket

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--no-default-browser-check", "--disable-default-apps", "--disable-extensions",
    "--mute-audio", "--disable-dev-shm-usage",
]
# Nothing may leave the machine even if a page tried: every host name fails to resolve (IP
# literals included), but for the hosts a test serves itself (`chromium(..., reachable=)`).
NO_HOSTS = "MAP * ~NOTFOUND"


def find_chromium() -> str | None:
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CHROMIUM_CANDIDATES:
        if found := shutil.which(name):
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


class Browser:
    """One headless chromium and one page, driven over CDP."""

    def __init__(self, ws_url: str, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.page(f"{domain}.enable")

    # --- protocol ---------------------------------------------------------------------------------

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        while True:
            reply = self._receive(deadline=time.monotonic() + 30)
            if reply is None:
                raise TimeoutError(f"no reply to {method}")
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def page(self, method: str, **params: Any) -> dict[str, Any]:
        return self.call(method, self.session, **params)

    def _receive(self, deadline: float) -> dict[str, Any] | None:
        """One message; events are recorded (and dialogs dismissed) as they arrive."""
        self.ws.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            msg = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        if "method" in msg:
            self.events.append(msg)
            if msg["method"] == "Page.javascriptDialogOpening":  # never leave the page blocked
                self._id += 1
                self.ws.send(json.dumps({"id": self._id, "sessionId": self.session,
                                         "method": "Page.handleJavaScriptDialog",
                                         "params": {"accept": True}}))
        return msg

    def pump(self, seconds: float) -> None:
        """Record events for a while (late requests, timers, meta refresh)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self._receive(deadline)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        seen = len(self.events)
        while True:
            for e in self.events[seen:]:
                if e["method"] == method:
                    return e
            seen = len(self.events)
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} did not happen within {timeout} s")
            self._receive(deadline)

    # --- what tests use -----------------------------------------------------------------------------

    def open(self, url: str, settle: float = 1.0) -> None:
        """Navigate, wait for the load event, then keep listening `settle` seconds."""
        self.events.clear()
        self.page("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        self.pump(settle)

    def evaluate(self, expression: str) -> Any:
        result = self.page("Runtime.evaluate", expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def named(self, method: str) -> list[dict[str, Any]]:
        return [e["params"] for e in self.events if e["method"] == method]

    def requested_urls(self) -> list[str]:
        return [p["request"]["url"] for p in self.named("Network.requestWillBeSent")]

    def dialogs(self) -> list[str]:
        return [p.get("message", "") for p in self.named("Page.javascriptDialogOpening")]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        with contextlib.suppress(Exception):
            self.ws.close()


@contextlib.contextmanager
def chromium(executable: str, reachable: tuple[str, ...] = ()) -> Iterator[Browser]:
    """A headless chromium with a throw-away profile, ended (and waited for) afterwards.
    `reachable`: hosts it may connect to (a local test server, "127.0.0.1"); no other."""
    profile = tempfile.mkdtemp(prefix="cb-chromium-")
    rules = ", ".join([NO_HOSTS, *(f"EXCLUDE {host}" for host in reachable)])
    proc = subprocess.Popen(
        [executable, *FLAGS, f"--host-resolver-rules={rules}", f"--user-data-dir={profile}",
         "--remote-debugging-port=0",
         "--remote-debugging-address=127.0.0.1", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    browser = None
    try:
        ws_url = _devtools_address(proc)
        browser = Browser(ws_url, proc)
        yield browser
    finally:
        if browser is not None:
            browser.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stderr:
            proc.stderr.close()
        shutil.rmtree(profile, ignore_errors=True)


def _devtools_address(proc: subprocess.Popen[bytes], timeout: float = 60) -> str:
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline().decode("utf-8", "replace")
        if not line:
            if proc.poll() is not None:
                break
            continue
        lines.append(line)
        if m := re.search(r"DevTools listening on (ws://\S+)", line):
            # keep reading its log, or chromium blocks once the pipe is full
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            return m.group(1)
    proc.kill()
    raise RuntimeError("chromium did not start:\n" + "".join(lines[-20:]))
