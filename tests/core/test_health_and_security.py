"""The health check, the deployment check and the headers a browser enforces."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k7#R2v!pQ9zL4wX8mN1bT6yH3jF5dS0aG-uE_cV@oI^eW+rY&Zt3%Mq",
    "ALLOWED_HOSTS": "dialog.sunne.se",
    "DJANGO_SETTINGS_MODULE": "sunnemodel.settings",
}


def outside_env(**env) -> dict:
    """This machine's environment without what the test run itself set."""
    ours = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**{k: v for k, v in os.environ.items() if k not in ours}, **env}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=outside_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def run_python(code: str, *, env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=outside_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_fails_when_the_database_does_not():
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=outside_env(
            **{
                **PRODUCTION,
                "SECURE_SSL_REDIRECT": "0",
                "ALLOWED_HOSTS": "testserver",
                # Nothing listens on port 1: the database does not answer.
                "DATABASE_URL": "postgres://postgres@127.0.0.1:1/sunnemodel",
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "503 database unavailable", result.stderr[-2000:]


def test_the_deployment_check_prints_no_warning():
    result = run_manage("check", "--deploy", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_serve_without_a_secret_key():
    env = {"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "sunnemodel.settings"}
    deploy = run_manage("check", "--deploy", env={**env, "ALLOWED_HOSTS": "dialog.sunne.se"})
    assert deploy.returncode != 0
    assert "Set the environment variable SECRET_KEY" in deploy.stderr
    serve = run_python("import sunnemodel.wsgi", env=env)
    assert serve.returncode != 0
    assert "Set the environment variable SECRET_KEY" in serve.stderr
    # Commands that need no key still run, so that a deployment can migrate before it serves.
    assert run_manage("makemigrations", "--check", "--dry-run", env=env).returncode == 0


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_style():
    """The CSP forbids them, so a page that relied on one would break in the browser."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        executable = re.findall(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", text)
        if executable or re.search(r"\sstyle=\"|<style", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_a_missing_page_is_explained_in_swedish_without_a_trace(client):
    response = client.get("/staff/processes/finns-inte/")
    assert response.status_code in (302, 404)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Sidan kunde inte hittas" in text
    assert "Traceback" not in text


@pytest.mark.django_db
def test_the_service_worker_script_asks_nothing_of_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/sw.js")
    assert response["Content-Type"] == "application/javascript"
    assert "const ASSETS" in response.content.decode()


def test_production_response_headers():
    """What a browser is told in production: HTTPS only (HSTS), no framing, no sniffing, a
    strict CSP, a same-origin referrer, no powerful features, and cookies that stay on HTTPS
    and out of scripts."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        # The header's site profile, as the cache holds it between requests (public/site.py).
        "from django.core.cache import cache; from public.models import SiteProfile;"
        "cache.set('site-profile', SiteProfile(pk=SiteProfile.ONE));"
        "c = Client();"
        "r = c.get('/accounts/login/', secure=True);"
        "cookie = r.cookies.get('csrftoken');"
        "print(json.dumps({'status': r.status_code, 'headers': dict(r.headers),"
        " 'cookie': {'secure': cookie['secure'], 'samesite': cookie['samesite']},"
        " 'insecure': c.get('/accounts/login/').status_code,"
        " 'location': c.get('/accounts/login/').headers.get('Location')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=outside_env(
            **{
                **PRODUCTION,
                "DJANGO_SETTINGS_MODULE": "tests.production_settings",
                "ALLOWED_HOSTS": "testserver",
                # The login page asks nothing of the database; nothing listens on port 1.
                "DATABASE_URL": "postgres://postgres@127.0.0.1:1/sunnemodel",
            }
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    headers = seen["headers"]
    assert seen["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert seen["cookie"]["secure"] is True
    assert seen["cookie"]["samesite"] == "Lax"
    # Plain HTTP is sent to HTTPS.
    assert seen["insecure"] == 301
    assert seen["location"] == "https://testserver/accounts/login/"


@pytest.mark.django_db
def test_an_uploaded_photo_is_served_so_that_nothing_in_it_can_run(client):
    from tests.factories import EventAttachmentFactory, UserFactory

    attachment = EventAttachmentFactory()
    client.force_login(UserFactory(role="administrator"))
    response = client.get(reverse("staff:attachment_file", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_is_refused():
    from django.test import Client

    from dialogues.models import Body
    from tests.factories import UserFactory

    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(role="administrator"))
    data = {"municipality": "Sunne kommun", "name": "Kulturnämnden", "kind": "committee"}
    response = client.post(reverse("staff:body_create"), data)
    assert response.status_code == 403
    assert not Body.objects.exists()
    page = client.get(reverse("staff:body_create")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("staff:body_create"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Body.objects.get().name == "Kulturnämnden"


@pytest.mark.django_db
def test_a_server_error_shows_no_trace_and_no_data(client, monkeypatch):
    from tests.factories import OpinionFactory, ProcessFactory

    process = ProcessFactory(is_public=True, slug="sunne")
    OpinionFactory(process=process, original_text="Ring Karin på 070-123 45 67.")

    def broken(*args, **kwargs):
        raise RuntimeError("Ring Karin på 070-123 45 67")

    monkeypatch.setattr("public.views.published_figures", broken)
    client.raise_request_exception = False
    response = client.get(reverse("public:results", args=["sunne"]))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Traceback" not in text
    assert "070-123" not in text
    assert "RuntimeError" not in text


def test_a_server_process_loads_every_view_before_its_first_request():
    """The URLconf imports every view, scikit-learn among them: 2 s a server process spent in
    the first request it served, which a resident or a coder waited for after each restart."""
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "DJANGO_SETTINGS_MODULE": "sunnemodel.settings"}
    code = "import sys, sunnemodel.wsgi; print('opinions.views.agreement' in sys.modules)"
    loaded = run_python(code, env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "True"


@pytest.mark.django_db
def test_an_address_for_a_forms_sending_opened_as_a_page_says_so(client):
    """Found in a browser walk: opening the address a form sends to (the stage move, the
    e-archive package) answered 405 with an empty body, and Chromium showed its own error
    page. It is a page of ours now, in the reader's language, with the methods it takes."""
    from django.test import Client

    from dialogues.stages import Stage
    from tests.factories import ProcessFactory, UserFactory

    ProcessFactory(slug="sunne", stage=Stage.PLANNING)
    client.force_login(UserFactory(username="anna", role="administrator"))
    response = client.get("/staff/processes/sunne/stage/")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert "Adressen tar emot det ett formulär skickar" in page
    assert '<html lang="sv">' in page
    english = client.get("/en/staff/processes/sunne/stage/").content.decode()
    assert "This address takes what a form sends" in english
    # The page's own forms work: its logout form's token has its cookie, set as the page was
    # drawn (found in a CI run: the page was drawn after the CSRF middleware had answered, and
    # the cookies set inside, the replica's pin among them, were dropped).
    fresh = Client()
    fresh.force_login(UserFactory(username="bo", role="administrator"))
    assert "csrftoken" in fresh.get("/staff/processes/sunne/stage/").cookies
