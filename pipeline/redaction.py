"""Contact details removed from free text before anything publishes it:
narrative, milestones, quotes, error messages. Validation, the report and
the renderers all redact through here, so the rule lives in one place."""

from __future__ import annotations

import re

# E-mail addresses, and UK phone numbers in the forms people write them:
# +44 / 0044 / 0 followed by 9-10 more digits with optional spaces, dots,
# dashes or brackets (07700 900123, +44 (0)114 496 0000, 0114-496-0000).
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
UK_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?|\(?0)\d{2,4}\)?(?:[\s.-]?\d){6,8}(?!\d)"
)
REDACTED_EMAIL = "[e-mail removed]"
REDACTED_PHONE = "[phone number removed]"


def redact(text: str) -> str:
    """Remove e-mail addresses and UK phone numbers from free text."""
    return UK_PHONE.sub(REDACTED_PHONE, EMAIL.sub(REDACTED_EMAIL, text))
