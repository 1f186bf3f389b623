"""The project's provenance key: the secret that keys the raw inputs' digests
in every published provenance record (HMAC-SHA256), so that nobody without
it can test a guess of a file's contents against a published digest (a
small file has few possible contents: a plain SHA-256 gave a `<5` away).

It lives in `secret/provenance.key` beside `data/`, made on first use (32
random bytes, as hex, readable by its owner only), in a folder that tells
git to ignore everything in it, so it is never committed by accident: the
team keeps a copy where it keeps the raw data. It is never published and
never leaves the project (report workers read it from the project folder).

Lost, it cannot be worked out again: the next run makes a new key and builds
every report again with it (the key's id is part of each report's
fingerprint), and reports published with the old key can no longer be
checked with `learnrep verify`."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Callable

from pipeline.config import Project
from pipeline.errors import InputError
from pipeline.files import shown

_HEX_KEY = re.compile(r"[0-9a-f]{64}")
# The key's id names it in provenance records without saying anything of it.
_ID_MESSAGE = b"learnrep provenance key id"
IGNORE_EVERYTHING = "# learnrep's secrets: never committed, never published.\n*\n"


def load(project: Project) -> bytes | None:
    """The project's key, or None when it has none."""
    path = project.provenance_key
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        text = ""
    if not _HEX_KEY.fullmatch(text):
        raise InputError(
            "is not a provenance key (64 hexadecimal characters on one line); restore the "
            "team's copy, or delete it so that the next run makes a new key (reports built "
            "with the old one can then no longer be checked with learnrep verify)",
            file=shown(path, project.root),
        )
    return bytes.fromhex(text)


def ensure(project: Project, announce: Callable[[str], None] | None = None) -> bytes:
    """The project's key, made now if it has none (and then `announce`d)."""
    key = load(project)
    if key is not None:
        return key
    path = project.provenance_key
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text(IGNORE_EVERYTHING, encoding="utf-8")
    import secrets  # only to make a key: a run that has one does not import it

    made = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = os.open(made, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    try:
        os.link(made, path)  # never over a key another process made meanwhile
    except FileExistsError:
        return ensure(project)
    finally:
        made.unlink()
    if announce:
        announce(
            f"learnrep: made the project's provenance key, {shown(path, project.root)} (git "
            "ignores it): keep a copy where the raw data is kept; `learnrep verify` checks a "
            "report only with the key it was built with"
        )
    return ensure(project)


def key_id(key: bytes | None) -> str | None:
    """A short name for the key: its HMAC of a fixed message, which tells
    nothing of the key or of any input."""
    if key is None:
        return None
    return hmac.new(key, _ID_MESSAGE, hashlib.sha256).hexdigest()[:16]


def keyed(key: bytes, sha256_hex: str) -> str:
    """A file's keyed digest: HMAC-SHA256 under the key of the file's
    SHA-256 (hex, as `digests` keeps it), so no file is read twice."""
    return hmac.new(key, sha256_hex.encode("ascii"), hashlib.sha256).hexdigest()
