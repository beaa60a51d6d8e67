"""The suite's own set-up (tests/conftest.py) does what `make test` relies on: a test marked
`serial` is in xdist's "serial" group when the suite runs with `--dist loadgroup`, so that one
worker runs those tests one after another (an xdist or pytest upgrade has silently undone this
before), and the quick hypothesis profile is the one loaded outside CI."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings


@pytest.mark.serial
def test_a_serial_test_is_in_the_serial_group(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by an xdist worker with --dist loadgroup")
    assert request.node.nodeid.endswith("@serial"), request.node.nodeid


def test_the_profile_follows_ci() -> None:
    chosen = os.environ.get("HYPOTHESIS_PROFILE")
    ci = os.environ.get("CI", "").lower() in ("1", "true")
    expected = chosen or ("thorough" if ci else "quick")
    assert settings.get_profile(expected) == settings.default
