import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunnemodel.settings")

if getattr(settings, "SECRET_KEY_MISSING", False):
    raise ImproperlyConfigured(settings.MISSING_SECRET_KEY_MESSAGE)

application = get_wsgi_application()

# Every view is imported now, as the server process starts, and not by the first request it
# serves: the URLconf brings in scikit-learn and the rest, 2 s a process
# (tests/core/test_health_and_security.py).
get_resolver().url_patterns  # noqa: B018
