"""The project's own Jupyter kernel: registered in the virtual environment, checked before use.

A kernel name that is not installed only fails once papermill tries to start it ("No such
kernel"); checking first gives a message that says how to fix it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

from claimbook.errors import ConfigError

KERNEL_NAME = "claimbook"
DISPLAY_NAME = "claimbook (Python 3)"


def install(prefix: str = sys.prefix) -> str:
    """Register a kernel that runs this interpreter, inside `prefix` (the venv)."""
    from ipykernel.kernelspec import install as ipykernel_install

    return ipykernel_install(kernel_name=KERNEL_NAME, display_name=DISPLAY_NAME, prefix=prefix)


def check(name: str = KERNEL_NAME) -> Path:
    """Return the kernel's interpreter, or raise a ConfigError that says how to install it."""
    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise ConfigError(
            f"Jupyter kernel {name!r} is not installed; run `make install` "
            f"(or `python -m claimbook.kernel install` in the project's environment)"
        ) from None
    exe = spec.argv[0]
    path = Path(exe) if Path(exe).is_absolute() else Path(shutil.which(exe) or exe)
    if not path.exists():
        raise ConfigError(f"Jupyter kernel {name!r} points to {exe}, which does not exist; "
                          "run `make install` to register it again")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m claimbook.kernel")
    parser.add_argument("action", choices=["install", "check"])
    args = parser.parse_args(argv)
    if args.action == "install":
        print(f"installed kernel {KERNEL_NAME!r} in {install()}")
    else:
        print(f"kernel {KERNEL_NAME!r} runs {check()}")


if __name__ == "__main__":
    main()
