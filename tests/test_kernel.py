"""The project's kernel is registered in the environment and checked before use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from claimbook import kernel
from claimbook.errors import ConfigError


def test_installed_kernel_runs_this_environment() -> None:
    exe = kernel.check()
    assert Path(exe).resolve() == Path(sys.executable).resolve()


def test_missing_kernel_says_how_to_install() -> None:
    with pytest.raises(ConfigError, match="not installed; run `make install`"):
        kernel.check("claimbook-no-such-kernel")
