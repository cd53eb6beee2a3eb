import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sunnemodel.settings")

if getattr(settings, "SECRET_KEY_MISSING", False):
    raise ImproperlyConfigured(settings.MISSING_SECRET_KEY_MESSAGE)

application = get_wsgi_application()
