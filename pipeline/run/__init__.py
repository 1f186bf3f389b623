"""Running the stages over many area-periods: `orchestrate` (the run itself),
`plan` (what is stale, and why, each input hashed once), `state` (the build
records), `job` (one report), `runners` (in this process, in worker
processes or on Dask), `provenance` (what produced a report, its inputs'
digests keyed with `provenance_key`), `verify` (`learnrep verify`) and
`progress`."""
