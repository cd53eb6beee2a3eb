"""The production settings as they are, but for static files read from the finders: a fresh
checkout has not run collectstatic, and the response headers do not depend on it."""

from sunnemodel.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
