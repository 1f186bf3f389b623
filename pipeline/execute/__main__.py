"""`python -m pipeline.execute`: the warm kernel template process (see `kernels`)."""

from pipeline.patches import imports

imports.apply()  # before `pipeline.execute` imports nbformat, so jsonschema

from pipeline.execute.kernels import main  # noqa: E402

main()
