"""Every shipped model's weights are read in one place: a file that is not gzip-compressed JSON is
one typed ModelError naming the file and the script that trains it, for each model."""

from __future__ import annotations

import pytest

from claimbook.errors import ModelError
from claimbook.sources import learned_keep, learned_types, model_files, worthiness


class Unreadable:
    """A package folder whose every file holds bytes that are not gzip."""

    def joinpath(self, *parts: str) -> Unreadable:
        return self

    def read_bytes(self) -> bytes:
        return b"not gzip"


@pytest.mark.parametrize(("module", "named"), [
    (learned_types, "learned_types_model"), (learned_keep, "keep.json.gz"),
    (worthiness, "worthiness_model/weights.json.gz")])
def test_unreadable_weights_are_a_model_error(monkeypatch: pytest.MonkeyPatch, module, named) -> None:
    module.model.cache_clear()
    monkeypatch.setattr(model_files.resources, "files", lambda _: Unreadable())
    try:
        with pytest.raises(ModelError, match=named) as e:
            module.model()
        assert "BadGzipFile" in str(e.value) and "tools/train_" in str(e.value)
    finally:
        monkeypatch.undo()
        module.model.cache_clear()
