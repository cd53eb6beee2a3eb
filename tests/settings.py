"""Settings for the test suite: the production settings, with a key and fast hashing.

Everything else is as in production, DEBUG off included, so that tests see what users see.
"""

import os

os.environ.setdefault("SECRET_KEY", "insecure-key-for-the-test-suite-only-" + "x" * 20)

from sunnemodel.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client speaks plain HTTP; production redirects to HTTPS.
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come from the finders, as under runserver; no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run at once, inside the test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# On SQLite, a file rather than shared memory: the browser tests' live server answers from other
# threads, and a file database waits for a lock where shared memory fails at once.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20  # noqa: F405
# Administrators' second factor is required in production; the suite's administrators sign in
# with a password alone, and tests/core/test_sso_mfa.py turns the requirement on where it is tested.
MFA_REQUIRED_FOR_ADMINISTRATORS = False
