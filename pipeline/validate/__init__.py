"""Great Expectations validation: `validator` (one GX context per run, the
only importer of GX), `suites` (one per dataset, from the contract),
`expectations` (the two the contract needs that GX lacks), `outcome` (what
was found, sanitised), `data_docs` (GX's site) and `steward` (the data
steward's pages: validation.json, .html and .csv)."""

from pipeline.validate.outcome import ValidationOutcome
from pipeline.validate.validator import Validator

__all__ = ["ValidationOutcome", "Validator"]
