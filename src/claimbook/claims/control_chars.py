"""Control characters in text from the data, shown as a visible mark wherever a person reads it.

A claimant, claim or quote can hold any character its source had: an escape sequence
(`ESC [ 2 J` clears a terminal, `ESC ] 0 ;` retitles it), NUL, vertical tab, form feed, or a C1
control (U+009B is a one-character CSI on some terminals). On a terminal they act; in HTML they
are invisible; in an SVG chart (XML 1.0) they make the whole chart unreadable. So every C0 and
C1 control except tab and line feed (layout, not commands) is shown as U+FFFD in report pages,
charts and output to a terminal. The tables, and exports to a file or a pipe, keep the exact text.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

# C0 controls but tab and line feed, DEL, and the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
MARK = "\ufffd"


def visible(text: str) -> str:
    """`text` with each control character (but tab and line feed) shown as U+FFFD."""
    return CONTROLS.sub(MARK, text)


def printable(col: Any) -> Any:
    """A pandas string column for a table on a terminal: line breaks and tabs become spaces
    (one row stays one line), every other control character a visible mark."""
    return (col.str.replace(r"[\t\n\r\v\f]", " ", regex=True)
            .str.replace(CONTROLS.pattern, MARK, regex=True))


def is_terminal(stream: IO[Any] | None = None) -> bool:
    """Whether `stream` (standard output by default) is a terminal, where text could act."""
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream is not a terminal
        return False


def for_stream(text: str, stream: IO[Any] | None = None) -> str:
    """Text to print: marked on a terminal, exact to a file or a pipe."""
    return visible(text) if is_terminal(stream) else text


def write_stdout(payload: bytes) -> None:
    """UTF-8 bytes to standard output: exact to a file or a pipe, marked on a terminal."""
    if is_terminal(sys.stdout):
        payload = visible(payload.decode("utf-8", errors="replace")).encode("utf-8")
    sys.stdout.flush()
    sys.stdout.buffer.write(payload)
    sys.stdout.buffer.flush()
