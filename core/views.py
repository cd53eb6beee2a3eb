import functools
import hashlib
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.permissions import public


@public
@never_cache
def healthz(request):
    """200 only when the database answers; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@functools.cache
def _offline_assets() -> tuple[list[str], str]:
    """The static files the entry page needs offline, and a version that changes with them."""
    names = [
        "bootstrap/css/bootstrap.min.css",
        "bootstrap/js/bootstrap.bundle.min.js",
        "css/site.css",
        "js/entry.js",
        "js/site.js",
        "vendor/qrcode-generator-1.4.4/qrcode.js",
        "img/favicon.svg",
        "img/icon-192.png",
    ]
    digest = hashlib.sha256()
    for name in names:
        digest.update(Path(finders.find(name)).read_bytes())
    return [static(name) for name in names], digest.hexdigest()[:12]


@public
def service_worker(request):
    """The service worker that keeps the entry page usable with no network."""
    assets, version = _offline_assets()
    # Rendered without the request: browsers ask for it on every navigation, and it needs
    # neither the session nor the user (so no database).
    response = HttpResponse(
        render_to_string("sw.js", {"assets": assets, "version": version}),
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response


@public
def manifest(request):
    """The web app manifest that makes the entry pages installable on a phone."""
    return JsonResponse(
        {
            "name": "Sunnemodellen",
            "short_name": "Sunnemodellen",
            "lang": "sv",
            "start_url": reverse("staff:my_events"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b3d91",
            "icons": [
                {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
    )
