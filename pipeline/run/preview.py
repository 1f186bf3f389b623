"""`learnrep preview`: one area-period's report rebuilt on every saved change
and shown in the browser, which reloads itself; like `quarto preview`, with
validation.

It keeps what makes a run slow to start: one worker with its kernel template
and Great Expectations imported (`runners.Warm`). It watches the
area-period's raw files (narrative included), area.yml, the previous
period's files, the notebooks and params.yaml, and rebuilds through the
same `orchestrate.run` as `learnrep run`, so a preview publishes exactly
what a run would, and only when validation passes. A change to learnrep's
own code restarts the preview process, whose modules would be stale.

The page on the loopback port is a frame around the published report (or,
when validation fails, the steward's page for it) under a status line
giving the steward's messages. The published files themselves are never
changed for the preview."""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import sys
import threading
import time
import webbrowser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pipeline
from pipeline.config import NOTEBOOKS, Project
from pipeline.discover import AreaPeriod
from pipeline.errors import LearnrepError, PortUnavailable
from pipeline.files import shown
from pipeline.pages import templates
from pipeline.run import orchestrate, plan, runners
from pipeline.run.state import REPORT
from pipeline.status import Report

POLL_SECONDS = 0.1  # how often the watched files' sizes and times are read
SETTLE_SECONDS = 0.05  # a save still being written is read again after this
WAIT_SECONDS = 25.0  # a page's long poll is answered at least this often
SERVED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # files of the report folder only
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class Shown:
    """What the page shows now; each change gets a new version, which the
    open pages are waiting for."""

    def __init__(self, ap: AreaPeriod):
        self.ap = ap
        self.changed = threading.Condition()
        self.version = 0
        self.state, self.took, self.failed = "starting", "", False
        self.problems: list[str] = []
        self.page = ""

    def update(self, state: str, *, took="", failed=False, problems=(), page=None) -> None:
        with self.changed:
            self.state, self.took, self.failed = state, took, failed
            self.problems = list(problems)
            if page is not None:
                self.page = page
            self.version += 1
            self.changed.notify_all()

    def wait(self, since: int) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout=WAIT_SECONDS)
            return self.version

    def html(self) -> bytes:
        with self.changed:
            return (
                templates()
                .get_template("preview.html.j2")
                .render(
                    ap=str(self.ap),
                    state=self.state,
                    took=self.took,
                    failed=self.failed,
                    problems=self.problems,
                    page=self.page,
                    version=self.version,
                    page_title=f"The report of {self.ap}"
                    if self.page.startswith(REPORT)
                    else f"The data steward's validation page of {self.ap}",
                )
                .encode("utf-8")
            )


def _handler(shown_now: Shown, folders: tuple[Path, ...]):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            url = urlsplit(self.path)
            if url.path == "/":
                self._send(200, "text/html; charset=utf-8", shown_now.html())
            elif url.path == "/__learnrep/wait":
                since = int((parse_qs(url.query).get("since") or ["-1"])[0] or -1)
                body = json.dumps({"version": shown_now.wait(since)}).encode("utf-8")
                self._send(200, "application/json", body)
            else:
                name = url.path.lstrip("/")
                found = [folder / name for folder in folders if (folder / name).is_file()]
                if SERVED.match(name) and found:
                    path = found[0]
                    content = TYPES.get(path.suffix, "application/octet-stream")
                    self._send(200, content, path.read_bytes())
                else:
                    self._send(404, "text/plain; charset=utf-8", b"not found")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args) -> None:  # noqa: A002
            pass  # the terminal shows rebuilds, not requests

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # a page's waiting request never holds up Ctrl-C


def watched(project: Project, ap: AreaPeriod) -> tuple[list[Path], list[Path]]:
    """The files a rebuild depends on, and learnrep's own code."""
    folders = [project.raw_dir(ap.area, ap.period)]
    before = plan.previous_period(project, ap)
    if before is not None:
        folders.append(project.raw_dir(before.area, before.period))
    files = [project.raw_dir(ap.area) / "area.yml", project.root / "params.yaml"]
    images = [folder / "images" for folder in folders]  # the narrative's images
    for folder in (*folders, *images, project.root / NOTEBOOKS):
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.is_file())
    package = Path(pipeline.__file__).parent
    code = sorted(package.rglob("*.py")) + sorted((package / "templates").glob("*"))
    return files, code


def snapshot(paths: list[Path]) -> dict[Path, tuple[int, int]]:
    found = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue  # deleted: its absence is the change
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def serve(
    project: Project, ap: AreaPeriod, formats: tuple[str, ...], port: int, browser: bool
) -> int:
    """Build, serve and rebuild on change until Ctrl-C (or SIGTERM)."""
    # Both stop it cleanly, even where a shell started it with SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    shown_now = Shown(ap)
    # The report, and the steward's page when validation fails: the preview
    # is the evaluator's own, on this machine, so it shows both trees.
    folders = (project.report_dir(ap.area, ap.period), project.steward_dir(ap.area, ap.period))
    try:
        server = Server(("127.0.0.1", port), _handler(shown_now, folders))
    except OSError as error:
        raise PortUnavailable(
            f"cannot listen on 127.0.0.1:{port} ({error.strerror}); choose another with --port"
        ) from None
    threading.Thread(target=server.serve_forever, name="learnrep-preview", daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"Preview of {ap}: {url}\n(Ctrl-C to stop)", flush=True)
    if browser:
        webbrowser.open(url)
    warm = None
    try:
        warm = runners.Warm(project)
        files, code = watched(project, ap)
        seen, seen_code = snapshot(files), snapshot(code)
        _build(project, ap, formats, warm, shown_now, "first build")
        while True:
            time.sleep(POLL_SECONDS)
            files, code = watched(project, ap)  # a dataset added or removed counts too
            now, now_code = snapshot(files), snapshot(code)
            if now_code != seen_code:
                print("learnrep's code changed: restarting the preview", flush=True)
                _restart(server, warm)
            if now == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            now = snapshot(files)
            what = ", ".join(
                sorted(
                    {shown(p, project.root) for p in set(now) ^ set(seen)}
                    | {shown(p, project.root) for p in set(now) & set(seen) if now[p] != seen[p]}
                )
            )
            seen = now
            _build(project, ap, formats, warm, shown_now, f"{what} changed")
    except KeyboardInterrupt:
        print("Preview stopped.", flush=True)
        return 0
    finally:
        server.shutdown()
        server.server_close()
        if warm is not None:
            warm.close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _build(project, ap, formats, warm, shown_now: Shown, why: str) -> None:
    shown_now.update(f"rebuilding ({why})")  # the page stays until the new one is there
    started = time.perf_counter()
    try:
        (result,) = orchestrate.run(
            project,
            [ap],
            formats=formats,
            renderer="auto",
            progress=_quietly,
            warm=warm,
            remember_formats=False,  # a preview's HTML does not make `run` drop the PDF
        )
    except LearnrepError as error:  # the project lock held by a run, a folder not writable
        shown_now.update("not rebuilt", failed=True, problems=[str(error)])
        print(f"{_now()} {why}: not rebuilt: {error}", flush=True)
        return
    took = f"{time.perf_counter() - started:.1f} s"
    report_there = (project.report_dir(ap.area, ap.period) / f"{REPORT}.html").is_file()
    if result.validation.failed:
        state, problems = "validation failed: not published", result.errors
        page = "validation.html"
    elif result.report.failed:
        state, problems = f"the report {result.report.value}", [result.report_error or ""]
        page = f"{REPORT}.html" if report_there else "validation.html"
    else:
        state, problems = "up to date" if result.report is Report.UP_TO_DATE else "built", []
        page = f"{REPORT}.html"
    shown_now.update(state, took=took, failed=result.failed, problems=problems, page=page)
    print(f"{_now()} {why}: {state} in {took}", flush=True)
    for problem in problems[:5]:
        print(f"  {problem}", flush=True)


def _quietly(items, what):
    return items


def _now() -> str:
    return time.strftime("%H:%M:%S")


def _restart(server: Server, warm: runners.Warm) -> None:
    """Start again as a new program in this process: the modules it holds are stale."""
    server.shutdown()
    server.server_close()
    warm.close()
    argv = [a for a in sys.argv[1:] if a != "--no-browser"] + ["--no-browser"]
    os.execv(sys.executable, [sys.executable, "-m", "pipeline", *argv])
