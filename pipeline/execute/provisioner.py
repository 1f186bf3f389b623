"""The kernel provisioner `learnrep-forked`: jupyter_client's public
extension point for how a kernel is started, registered in pyproject.toml's
`kernel_provisioners` entry points and named by the kernel spec
(`provisioner_metadata`), with the project root as its config. Its kernels
are forked from the project's warm template (`execute.kernels`)."""

from __future__ import annotations

import functools
import os
from importlib.metadata import entry_points
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner
from traitlets import Unicode

from pipeline.execute.kernels import forking, template

PROVISIONER = "learnrep-forked"  # its name in pyproject.toml's entry points
GROUP = "jupyter_client.kernel_provisioners"


def provisioner_metadata(root: Path) -> dict:
    """What a kernel spec says to have its kernels forked by the template of
    `root`, keeping the disclosure auditor's answers and the figures drawn
    where this process keeps them; empty where kernels start fresh (they
    keep neither), or where the provisioner is not registered (learnrep run
    from a source tree that was never installed)."""
    if not forking() or not _registered():
        return {}
    from pipeline.report import audit, drawn

    config = {"root": str(root)}
    for name, folder in (("audit_answers", audit.answers_folder()), ("figures", drawn.kept_in())):
        if folder is not None:
            config[name] = str(folder)
    return {"kernel_provisioner": {"provisioner_name": PROVISIONER, "config": config}}


@functools.cache  # entry points are read from every installed package: 15-60 ms
def _registered() -> bool:
    return bool(entry_points(group=GROUP, name=PROVISIONER))


class ForkedProvisioner(LocalProvisioner):
    """jupyter_client's kernel provisioner `learnrep-forked`: launches the
    kernel by asking the template of the project `root` (its config in the
    kernel spec) to fork; everything else (connection file, ports, signals,
    shutdown) is jupyter_client's own, through the kernel's pidfd."""

    root = Unicode(help="the project root, whose template forks the kernels").tag(config=True)
    audit_answers = Unicode(help="where the kernel keeps the auditor's answers").tag(config=True)
    figures = Unicode(help="where the kernel keeps the figures it draws").tag(config=True)

    async def launch_kernel(self, cmd: list[str], **kwargs) -> dict:
        connection_file = cmd[cmd.index("-f") + 1]
        cwd = str(kwargs.get("cwd") or Path.cwd())
        env = dict(kwargs.get("env") or os.environ)
        kept = {"audit_answers": self.audit_answers, "figures": self.figures}
        self.process = template(Path(self.root)).fork(connection_file, cwd, env, kept)
        pid = self.process.pid
        self.pid = self.pgid = pid  # the kernel leads its own session
        self.cwd = cwd
        return self.connection_info
