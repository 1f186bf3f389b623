"""A run over the selected area-periods: every stage in order, one
area-period's failure never stopping the others. The CLI calls `run` and
`validate` and turns the returned results into a summary and an exit code.

The plan (`plan.Fingerprints`) is worked out once and handed down: only
area-periods whose fingerprint changed are rebuilt. validate (in this
process: GX is imported once, and only when something needs validating) ->
process -> report (`job.report`: execute, render, write) per area-period, in
parallel with --jobs -> index and programme overviews (`publish`). Each
outcome goes to the build records (`state`). One run at a time holds the
project's lock."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from contextlib import contextmanager, nullcontext, suppress
from typing import TYPE_CHECKING

from pipeline import digests, ledger, render
from pipeline.config import Project
from pipeline.discover import AreaPeriod, discover_all
from pipeline.errors import OutputError, RunIncomplete
from pipeline.files import check_writable, project_lock, sweep_leftovers
from pipeline.run import plan, provenance_key, speculate, state, validating
from pipeline.run.job import ReportJob
from pipeline.run.progress import Progress, plain_progress
from pipeline.run.state import Result
from pipeline.status import Report

if TYPE_CHECKING:
    from pipeline.run import runners


def validate(
    project: Project, selected: list[AreaPeriod], progress: Progress = plain_progress
) -> list[Result]:
    """`learnrep validate`: validation pages and Data Docs only."""
    with writing(project):
        refused: list[OutputError] = []
        results = list(validating.validations(project, selected, progress, refused=refused))
    if refused:
        raise RunIncomplete(refused[0], results)
    return results


@contextmanager
def writing(project: Project):
    """Hold the project's lock; first clear what a killed run left, and check
    every output folder takes a file, so a read-only or missing folder is one
    line before any work rather than a failure half way through."""
    with project_lock(project.state, _say):
        folders = (project.reports, project.validation, project.processed, project.state)
        sweep_leftovers(folders)
        ledger.forget_unwritten(project)
        check_writable(folders)
        from pipeline.validate import steward

        steward.remove_published_copies(project)
        yield


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(
    project: Project,
    selected: list[AreaPeriod],
    formats: Iterable[str] | None = None,
    renderer: str = "auto",
    jobs: int = 1,
    force: bool = False,
    progress: Progress = plain_progress,
    scheduler: str | None = None,
    warm: runners.Warm | None = None,
    remember_formats: bool = True,
) -> list[Result]:
    """Build the reports of the selected area-periods that are out of date (all
    of them with `force`), then rebuild the index and programme overviews.
    `formats` are exactly the formats wanted (others' files are removed),
    from now on unless not `remember_formats` (a preview's); None builds
    each report's formats as last asked for (`state.formats`).
    Reports run in this process, in `jobs` local processes, or on the Dask
    cluster whose scheduler is at `scheduler`; or, for `learnrep preview`, in
    the worker that `warm` keeps between runs, validated with its validator."""
    refused: list[OutputError] = []
    with writing(project):
        speculate.clear(project)
        try:
            results = _Run(project, selected, formats, renderer, force, remember_formats).build(
                jobs, progress, scheduler, refused, warm
            )
        finally:
            digests.save(project.digests)
    if refused:
        raise RunIncomplete(refused[0], results)
    return results


class _Run:
    """One `learnrep run`: its plan, worked out once, and its results."""

    def __init__(self, project, selected, formats, renderer, force, remember_formats=True):
        self.project = project
        self.selected = selected
        self.renderer = render.choose(renderer)
        asked = None if formats is None else render.in_order(formats)
        records = {ap: state.read(project, ap) for ap in selected}
        self.formats = state.Formats(project, asked, remember_formats, records)
        self.params = project.params()
        provenance_key.ensure(project, announce=_say)
        shared = plan.settings(project, self.renderer, asked or (), self.params)
        self.prints = plan.Fingerprints(project, shared, self.formats.of)
        self.stale = plan.stale(project, selected, self.prints, records, force)
        self.results = {
            ap: state.up_to_date(project, ap) for ap in selected if ap not in self.stale
        }
        # Validate and process what is not current: the stale area-periods and
        # the previous periods they compare with (whose own reports are left alone).
        self.sources = {ap: plan.source(self.prints.of(ap)) for ap in self.stale}
        self.previous_of = {}
        for ap in self.stale:
            previous = self.prints.of(ap)["previous"]
            if previous:
                before = self.previous_of[ap] = AreaPeriod(ap.area, previous["period"])
                self.sources.setdefault(before, plan.source({**self.prints.of(ap), **previous}))
        self.to_process = [
            ap
            for ap in sorted(self.sources)
            if (force and ap in selected)
            or not plan.processed_is_current(project, ap, self.sources[ap])
        ]
        self.settled = set(self.sources) - set(self.to_process)  # processed data already current
        for ap in self.stale:
            if ap in self.settled:
                self.results[ap] = state.from_manifest(project, ap)
        self.waiting = list(self.stale)
        # A period whose dates overlap another being rebuilt is audited with
        # that one's new publication, so it waits for that report.
        self.after = plan.overlapping(project, self.stale)
        self.reported: set[AreaPeriod] = set()
        self.speculating: dict[AreaPeriod, speculate.Speculation] = {}
        self.started = dt.datetime.now(dt.UTC)  # what it records provisionally is after this

    def build(self, jobs, progress, scheduler, refused, warm=None) -> list[Result]:
        project = self.project
        if self.stale:
            from pipeline import process as process_stage
            from pipeline.run import runners

            speculating = bool(self.to_process) and not scheduler and speculate.enabled()
            running = (
                nullcontext(warm.reports)
                if warm
                # No more workers than reports: each one costs a start-up.
                else runners.runner(
                    project.root, min(jobs, len(self.stale)), scheduler, speculating
                )
            )
            with running as reports:
                # GX imports while the workers' server does (`runners.LocalProcesses`).
                validator = validating.make_validator(project, warm) if self.to_process else None
                if speculating:
                    self._speculate(reports)
                self._submit_ready(reports)
                if self.to_process:
                    processing = validating.validations(
                        project,
                        self.to_process,
                        progress,
                        then=lambda outcome: process_stage.process(
                            project, outcome, self.sources[outcome.ap]
                        ),
                        refused=refused,
                        validator=validator,
                    )
                    for result in processing:
                        if result.ap in self.stale:
                            self.results[result.ap] = result
                        # A report of refused data that no worker has started is never made.
                        spec = self.speculating
                        if result.failed and result.ap in spec and reports.cancel(result.ap):
                            del spec[result.ap]
                        self.settled.add(result.ap)
                        self._submit_ready(reports)
                elif not project.data_docs.joinpath("index.html").is_file():
                    try:
                        validating.make_validator(project, warm).build_data_docs()
                    except OutputError as error:
                        refused.append(error)
                # While the reports run: what the index and overviews will need.
                from pipeline import publish  # noqa: F401

                for ap in list(self.speculating):
                    self._settle(ap, reports)
                self._collect(reports, progress)
                while self.waiting and self._submit_ready(reports):
                    self._collect(reports, progress)  # the periods that waited for overlaps
            ledger.forget_unpublished(project, self.sources, self.started)
        publish_all(
            project,
            self.prints,
            self.params["suppression_threshold"],
            overviews=bool(self.to_process or self.stale),
        )
        return [self.results[ap] for ap in self.selected]

    def _collect(self, reports, progress) -> None:
        """Each report submitted so far, recorded as it comes back."""
        for ap, outcome in reports.results(progress):
            result = self.results[ap]
            result.report, result.report_error = outcome.status, outcome.error
            result.outputs = list(outcome.outputs)
            result.headline = None if outcome.headline is None else list(outcome.headline)
            result.held_back = list(outcome.held_back)
            result.warning_messages += outcome.exposed
            if outcome.status is Report.BUILT:
                unrecorded = ledger.record_all(self.project, outcome.published)
                result.warning_messages += unrecorded
            self.reported.add(ap)
            self._record(result)

    def _record(self, result: Result) -> None:
        ap, threshold = result.ap, self.params["suppression_threshold"]
        state.record(self.project, result, self.prints.of(ap), threshold, self.formats.wanted(ap))
        if result.failed and result.report is not Report.FAILED_WRITING:
            from pipeline.publish import superseded

            failure = Report.FAILED_VALIDATION if result.validation.failed else result.report
            # The last good report stays, and now says itself that it is superseded.
            with suppress(OutputError):  # the run's summary already names what failed
                superseded.mark(self.project, result.ap, failure)

    def _job(self, ap: AreaPeriod) -> ReportJob:
        before = self.previous_of.get(ap)
        # Data left from an earlier run of a previous period that now fails
        # validation is stale: the report says there is nothing to compare.
        ready = before is not None and plan.processed_is_current(
            self.project, before, self.sources[before]
        )
        return ReportJob(
            self.project.root,
            ap,
            self.formats.of(ap),
            self.renderer,
            self.params,
            before,
            ready,
            self.prints.shared["code"],
            self.prints.inputs(ap),
        )

    def _speculate(self, runner) -> None:
        """Start the report of each area-period still to validate whose
        previous period (if any) needs no validating, before GX is even
        imported (see `speculate`)."""
        for ap in self.waiting:
            before = self.previous_of.get(ap)
            if ap in self.settled or (before is not None and before not in self.settled):
                continue
            if self.after.get(ap):
                continue  # it waits for an overlapping period's report
            self.speculating[ap] = speculate.Speculation(self._job(ap), self.sources[ap])
            runner.submit(self.speculating[ap], speculate.build)

    def _settle(self, ap: AreaPeriod, runner) -> None:
        """Validation is over: publish the speculative report, or build it again."""
        speculation = self.speculating.pop(ap)
        # Data that failed validation (recorded already; the last good report
        # stays): its report is never waited on, as it may have failed in any way.
        staged = None if self.results[ap].failed else runner.outcome(ap)
        if staged is None:
            runner.forget(ap)
        elif published := speculate.publish(self.project, speculation, staged):
            # Recorded as published as soon as its files are in place, as a
            # report made in place is (`job._make`): a run stopped now keeps it.
            ledger.record_all(self.project, published.published)
            runner.settle(ap, published)
            self.results[ap].speculative = True
        else:
            # Its provisional record in the ledger goes with it, before the
            # report made again from the validated data is audited.
            ledger.forget_all(self.project, staged.published)
            runner.submit(self._job(ap))
        speculate.discard(self.project, ap)

    def _submit_ready(self, runner) -> bool:
        """Hand each stale report to the runner as soon as its own data and
        its previous period's are settled, so reports run while validation
        goes on, and the reports of periods it overlaps are done. Returns
        whether any was handed over."""
        handed = False
        for ap in list(self.waiting):
            before = self.previous_of.get(ap)
            if ap not in self.settled or (before is not None and before not in self.settled):
                continue
            if any(other not in self.reported for other in self.after.get(ap, ())):
                continue
            self.waiting.remove(ap)
            if self.results[ap].failed:
                self._record(self.results[ap])
                self.reported.add(ap)
            elif ap not in self.speculating:  # else settled against it once validated
                runner.submit(self._job(ap))
                handed = True
        return handed


def publish_all(
    project: Project, prints: plan.Fingerprints, threshold: int, overviews: bool
) -> None:
    """The index and programme overviews, from every area-period's status now."""
    from pipeline import publish  # the report package: imported once the run needs it

    everything = discover_all(project)
    statuses = {ap: state.status(project, ap, prints.of(ap)) for ap in everything}
    records = {ap: state.read(project, ap) for ap in everything}
    publish.write(
        project, statuses, records, prints.inputs, threshold, overviews, prints.shared["code"]
    )
