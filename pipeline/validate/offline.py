"""Data Docs that work offline. Great Expectations' pages load Bootstrap,
jQuery, bootstrap-table (which lists the index's pages), Font Awesome and
Vega from public CDNs: offline, where the data stewards of small charities
often work, a page is unstyled and the index lists nothing. learnrep copies
the same files (`vendor/`, whose README gives each one's package, version
and licence) into the site and points every page at the copies, so the site
makes no request outside itself."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR = Path(__file__).parent / "vendor"
# Each URL the pages of GX 1.24 name -> its copy under static/vendor/.
LOCAL = {
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery-3.7.1.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js": (
        "popper-1.12.9.min.js"
    ),
    "https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css": (
        "bootstrap-4.3.1/bootstrap.min.css"
    ),
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js": (
        "bootstrap-4.3.1/bootstrap.min.js"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.css": (
        "bootstrap-table-1.19.1/bootstrap-table.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js": (
        "bootstrap-table-1.19.1/bootstrap-table.min.js"
    ),
    # The pages name 1.19.0's stylesheet beside 1.19.1's script: 1.19.1's serves both.
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.css": (
        "bootstrap-table-1.19.1/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.0/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.css": (
        "bootstrap-table-1.19.1/filter-control/bootstrap-table-filter-control.min.css"
    ),
    "https://unpkg.com/bootstrap-table@1.19.1/dist/extensions/filter-control/"
    "bootstrap-table-filter-control.min.js": (
        "bootstrap-table-1.19.1/filter-control/bootstrap-table-filter-control.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/css/"
    "bootstrap-datepicker.min.css": "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.css",
    "https://cdnjs.cloudflare.com/ajax/libs/bootstrap-datepicker/1.9.0/js/"
    "bootstrap-datepicker.min.js": "bootstrap-datepicker-1.9.0/bootstrap-datepicker.min.js",
    "https://cdnjs.cloudflare.com/ajax/libs/font-awesome/6.6.0/css/all.min.css": (
        "fontawesome-free-6.6.0/css/all.min.css"
    ),
    "https://cdn.jsdelivr.net/npm/@forevolve/bootstrap-dark@1.1.0/dist/css/"
    "bootstrap-prefers-dark.css": "bootstrap-dark-1.1.0/bootstrap-prefers-dark.css",
    "https://cdn.jsdelivr.net/npm/vega@5": "vega/vega-5.33.1.min.js",
    "https://cdn.jsdelivr.net/npm/vega-lite@5": "vega/vega-lite-5.23.0.min.js",
    "https://cdn.jsdelivr.net/npm/vega-embed@6": "vega/vega-embed-6.29.0.min.js",
}
# The logo of GX's dark theme, from its web server: the site's own logo instead.
DARK_LOGO = "https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/full_logo_dark.png"


def copy_assets(site: Path) -> None:
    """The vendored files into the site's static/vendor/."""
    shutil.copytree(VENDOR, site / "static" / "vendor", dirs_exist_ok=True)


def localised(text: str, page: Path, site: Path) -> str:
    """The page with every CDN URL it names pointed at the site's copy, in
    one pass (a page built before is passed over as quickly). A copy's
    `integrity` and `crossorigin` attributes go: a browser cannot check them
    on a file opened from disk, and refuses to run the script (the copies
    are the files those hashes name: tests/test_data_docs.py)."""
    if not any(host in text for host in _HOSTS):  # localised when built before
        return text
    static = os.path.relpath(site / "static", page.parent).replace(os.sep, "/")
    text = _NAMED.sub(lambda m: f'"{static}/vendor/{LOCAL[m[1]]}"', text)
    return text.replace(DARK_LOGO, f"{static}/images/logo-long.png")


_HOSTS = {url.split("/")[2] for url in LOCAL} | {DARK_LOGO.split("/")[2]}
_NAMED = re.compile(
    '"(' + "|".join(re.escape(url) for url in LOCAL) + ')"'
    r'(?:\s+integrity="[^"]*")?(?:\s+crossorigin="[^"]*")?'
)
