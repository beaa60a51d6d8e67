"""A model's shipped weights, read in one place: the package file (gzip-compressed JSON), and one
`ModelError` naming the file, what is wrong and how to get it back.

The claim-worthiness score (`worthiness`), the learned claim types (`learned_types`) and the
learned keep (`learned_keep`) each read their weights through `load`, parsing the JSON with their
own function; any error reading or parsing the file is the same typed error.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from importlib import resources
from typing import Any, TypeVar

from claimbook.errors import ModelError

T = TypeVar("T")


def load(folder: str, name: str, what: str, trainer: str, parse: Callable[[dict[str, Any]], T]) -> T:
    """`parse` of the JSON in claimbook/sources/<folder>/<name>; a ModelError if the file is
    missing, not gzip-compressed JSON, or not what `parse` expects."""
    try:
        raw = resources.files("claimbook.sources").joinpath(folder, name).read_bytes()
        return parse(json.loads(gzip.decompress(raw)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise ModelError(f"the {what} weights (claimbook/sources/{folder}/{name}) cannot be read: "
                         f"{e.__class__.__name__}: {str(e)[:200]}; reinstall claimbook or retrain "
                         f"them with {trainer}") from e
