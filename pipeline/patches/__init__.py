"""Every place learnrep reaches into a library's internals, for speed or
safety, kept here so that an upgrade has one folder to check: `gx` (Great
Expectations), `jupyter` (jupyter_client), `kernel` (ipykernel, in report
kernels) and `imports` (modules turned away at start-up). Each module says
which release it was written against, and `tests/test_patches.py` fails
loudly, naming the patch, when a library changes what a patch relies on."""
