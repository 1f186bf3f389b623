"""jupyter_client internals that learnrep overrides, written against
jupyter_client 8.10.0 (as papermill 2.7 and nbclient 0.11 drive it; see
`PATCHES` in this package's `__init__`). Each override does jupyter_client's
own thing where its patch does not apply. `tests/test_patches.py` fails,
naming the override, when a release moves what these rely on.

- `ReadyKernelClient.wait_for_ready`: public, but its body relies on the
  private `_handle_kernel_info_reply`.
- `ReadyKernelClient`'s `context` default: the ZeroMQ context its channels'
  sockets are made in, with a shorter reconnect interval.
- `FastKernelManager._async_interrupt_kernel`: private; skipped while
  shutting down.
- `FastKernelManager._async_wait`: private; how often a kernel that was
  asked to shut down is checked for having gone."""

from __future__ import annotations

import time
from queue import Empty

import zmq
import zmq.asyncio
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import default

from pipeline.errors import KernelStartFailed
from pipeline.patches import applies

SHUTDOWN_POLL_SECONDS = 0.005
RECONNECT_MS = 5


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's client, without the 0.2 s it listens for stray IOPub
    messages once the kernel is ready (a sixth of each report's wall time on
    a small report): nbclient skips every message that is not a reply to its
    own request, so there is nothing to drain."""

    @default("context")
    def _context_default(self) -> zmq.asyncio.Context:
        # The client connects as soon as the kernel is launched, before the
        # kernel listens, and ZeroMQ tries again after 100 ms by default:
        # 0.13-0.20 s to a ready kernel, measured, and 0.04-0.08 s with 5 ms
        # (rising to 100 ms again for a kernel that has gone).
        if not applies("jupyter.quick_reconnect"):
            return super()._context_default()
        self._created_context = True
        context = zmq.asyncio.Context()
        context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        context.setsockopt(zmq.RECONNECT_IVL_MAX, 100)
        return context

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        if not applies("jupyter.ready_without_drain"):
            return await super().wait_for_ready(timeout)
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the kernel's status arrives on it
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self.is_alive():
                raise KernelStartFailed("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise KernelStartFailed(f"Kernel didn't respond in {timeout:g} seconds")


class FastKernelManager(AsyncKernelManager):
    """An async kernel manager that sends no interrupt to a kernel it is
    shutting down, and checks sooner whether it has gone. (Its kernels'
    provisioner is chosen by the kernel spec: `execute.kernels`.)"""

    async def _async_interrupt_kernel(self) -> None:
        # jupyter_client sends SIGINT before every shutdown request; the
        # kernel is idle by then, and a signal that lands while it finishes
        # its last reply only prints "KeyboardInterrupt caught in kernel".
        if not (self.shutting_down and applies("jupyter.no_interrupt_on_shutdown")):
            await super()._async_interrupt_kernel()

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        # jupyter_client checks every 0.1 s whether a kernel asked to shut
        # down has gone, and papermill returns only once it has: 0.112 s per
        # report, measured, of which the kernel takes about 0.04 s to exit.
        if applies("jupyter.quick_shutdown"):
            pollinterval = min(pollinterval, SHUTDOWN_POLL_SECONDS)
        await super()._async_wait(pollinterval=pollinterval)
