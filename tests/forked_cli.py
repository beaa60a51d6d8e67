"""Run CLI commands as processes forked from one that has already imported claimbook.

Each command of a kill test must be a process of its own (a tracer attaches to it and kills it
at the N-th rename); starting a new interpreter for each costs about a second of imports, a
fork a few milliseconds. A `Forker` keeps a server process (this file run as a script) that
imports the CLI and everything the commands load, then, per request, forks a child that stops
itself (SIGSTOP) until the caller has attached its tracer and sent SIGCONT, runs the command
as `claimbook ARGS` would, and exits with its exit code; the server waits for it and reports how
it ended (a negative number: the signal that killed it).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from claimbook.cli import main

# What the commands of the kill tests load lazily: imported before forking, so a child's work is
# the command's own.
PRELOAD = ("claimbook.cli.app", "claimbook.publish.mail", "claimbook.tables.check",
           "claimbook.sources.register", "claimbook.sources.review", "claimbook.sources.publishers",
           "claimbook.tables.importer", "claimbook.tables.mapping", "claimbook.tables.convert")


class Forker:
    """The server process; `start(args, log)` -> pid of a stopped child, `wait()` -> its end."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, __file__], cwd=cwd, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._read() == {"ready": True}

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        assert line, "the fork server ended"
        return json.loads(line)

    def start(self, args: list[str], log: Path) -> int:
        """Fork a child for `claimbook ARGS`, its output to `log`; it waits for SIGCONT."""
        self.proc.stdin.write(json.dumps({"args": args, "log": str(log)}) + "\n")
        self.proc.stdin.flush()
        return self._read()["pid"]

    def wait(self) -> int:
        """The exit code of the last child, or -N if signal N ended it."""
        return self._read()["returncode"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _child(args: list[str], log: str) -> None:
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.kill(os.getpid(), signal.SIGSTOP)  # until the tracer is attached
    sys.argv = ["claimbook", *args]
    code = 0
    try:
        main()  # as the `claimbook` command runs
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _serve() -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(request["args"], request["log"])
        print(json.dumps({"pid": pid}), flush=True)
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}), flush=True)


if __name__ == "__main__":
    _serve()
