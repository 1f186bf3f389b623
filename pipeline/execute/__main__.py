"""`python -m pipeline.execute`: the warm kernel template process (see `kernels`)."""

from pipeline.execute.kernels import main

main()
