"""Progress on long work: a bar per area-period on a terminal, one line per
area-period in logs and CI."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

Progress = Callable[[Iterable, str], Iterable]


def plain_progress(items: Iterable, what: str) -> Iterable:
    items = list(items)
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=what, unit="area-period", file=sys.stderr)
        return
    for number, item in enumerate(items, start=1):
        print(f"{what} {number}/{len(items)}: {item}", file=sys.stderr, flush=True)
        yield item
