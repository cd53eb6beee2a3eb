from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core.offline import offline_assets
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


@public
def service_worker(request):
    """The service worker that keeps the facilitator's pages usable with no network."""
    assets, cache = offline_assets()
    # Rendered without the request: browsers ask for it on every navigation, and it needs
    # neither the session nor the user (so no database). The pages it keeps are the user's,
    # and the pages themselves say which (opinions.views.entry.offline_pages).
    response = HttpResponse(
        render_to_string("sw.js", {"assets": assets, "cache": cache}),
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
