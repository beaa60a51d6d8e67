"""Which data folder a report was made of: an id written once into the folder (`claimbook.id`).

A report's "what changed since the previous edition" compares it with the report published in
the same place only when both were made of the same data folder. A path does not say so: a
workbook moved elsewhere is the same data, and another data folder rendered into the same
reports folder is not. So a data folder carries its own id, a random one written once (by
`init`, the first table written, or the first report) that moves and is copied with the folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from pathlib import Path

ID_FILE = "claimbook.id"
_ID = re.compile(r"[0-9a-f]{32}")


def read_id(data_dir: str | Path) -> str:
    """The folder's id, or '' when it has none (or a file that is not one)."""
    try:
        text = (Path(data_dir) / ID_FILE).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        return ""
    return text if _ID.fullmatch(text) else ""


def folder_id(data_dir: str | Path) -> str:
    """The folder's id, written now if it has none; '' when it cannot be written (a read-only
    folder: its reports are then told apart by the folder's path). Two processes giving a
    folder its id at once agree: the first link wins, the other reads it."""
    found = read_id(data_dir)
    if found or not Path(data_dir).is_dir():
        return found
    path = Path(data_dir) / ID_FILE
    tmp = path.with_name(f".{ID_FILE}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")  # tempfiles
    try:
        tmp.write_text(uuid.uuid4().hex + "\n", encoding="ascii")
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)  # never replaces an id already there
    except OSError:
        return ""
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return read_id(data_dir)
