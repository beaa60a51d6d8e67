"""The project's kernel is registered in the environment and checked before use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from jupyter_client import BlockingKernelClient

from claimbook.errors import ConfigError
from claimbook.publish import kernel


def test_installed_kernel_runs_this_environment() -> None:
    exe = kernel.check()
    assert Path(exe).resolve() == Path(sys.executable).resolve()


def test_missing_kernel_says_how_to_install() -> None:
    with pytest.raises(ConfigError, match="not installed; run `make install`"):
        kernel.check("claimbook-no-such-kernel")


def test_started_kernel_is_warm_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """The warm-up ran in the kernel, in cwd; afterwards its process and sockets are gone."""
    with kernel.started(cwd=tmp_path, warm_up="import sys; sys.warmed = True") as km:
        assert isinstance(km.clients[0], kernel.LocalKernelClient)  # no heartbeat thread
        # its life read from the process, as the manager's own clients do: a heartbeat missed
        # on a loaded machine made wait_for_ready say the kernel died
        kc = BlockingKernelClient(parent=km)
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels(hb=False)
        try:
            kc.wait_for_ready(timeout=60)
            outputs: list[dict] = []
            reply = kc.execute_interactive("import os; print(sys.warmed, os.getcwd())",
                                           timeout=60, output_hook=outputs.append)
        finally:
            kc.stop_channels()
        assert reply["content"]["status"] == "ok"
        printed = "".join(m["content"].get("text", "") for m in outputs)
        assert printed.strip() == f"True {tmp_path}"
        process = km.provisioner.process
        socket_dir = Path(km.socket_dir)
        assert socket_dir.is_dir()
    assert process.poll() is not None, "kernel process still running"
    assert not socket_dir.exists()


def test_papermills_client_is_answered_beside_the_warm_up_client() -> None:
    """Regression: a warm-up client sharing papermill's session id (zmq identity) made the kernel
    answer only one of them, so about half of all reports hung until the start-up timeout.
    The warm-up client is what matters, not what it imports: with a one-line warm-up the old
    code failed 4 kernels of 6, so four kernels miss it about once in a hundred runs."""

    async def ask(km: kernel.IPCKernelManager) -> str:
        kc = km.client()  # what nbclient does inside papermill
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=20)
            reply = await kc.execute_interactive("import sys; 'claimbook.report.sections' in sys.modules",
                                                 timeout=20)
        finally:
            kc.stop_channels()
        return reply["content"]["status"]

    for _ in range(4):
        with kernel.started(warm_up="import sys") as km:
            assert kernel.run_sync(ask)(km) == "ok"
