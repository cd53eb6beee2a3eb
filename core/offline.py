"""What a facilitator's phone keeps for use with no network: the files, and the cache's name."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse


@functools.cache
def offline_assets() -> tuple[list[str], str]:
    """What the facilitator's pages need with no network (every file they load, the manifest
    and its icons), and the name of the cache that keeps them, which changes with the files."""
    names = [
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "css/site.css",
        "js/entry.js",
        "js/offline.js",
        "js/site.js",
        "django_htmx/htmx-2.min.js",
        "vendor/qrcode-generator-1.4.4/qrcode.js",
        "img/favicon.svg",
        "img/icon-192.png",
        "img/icon-512.png",
    ]
    if settings.DEBUG:  # {% htmx_script %} adds django-htmx's own script then
        names.append("django_htmx/django-htmx.js")
    digest = hashlib.sha256()
    for name in names:
        digest.update(Path(finders.find(name)).read_bytes())
    # The manifest, and the site's look (its colour, public/site.py), which pages ask for with
    # its version in the query: kept under its path, and served from there with no network.
    assets = [static(name) for name in names] + [reverse("manifest"), reverse("site_css")]
    return assets, f"sunnemodellen-{digest.hexdigest()[:12]}"
