"""`make run`'s embedded database holds a pilot: a strategist codes by keyboard while the
background worker writes an import, and no keystroke is answered "database is locked".

Run on its own SQLite file, with `make run`'s settings (DEBUG on, the server and `import_opinions`
as separate processes), whatever database the rest of the suite uses.
"""

import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _get_new_csrf_string
from django.utils import timezone
from dialogues.models import Process
from opinions.models import Category, Opinion
user = get_user_model().objects.create(username="strateg")
user.groups.add(Group.objects.get(name="strategist"))
process = Process.objects.create(title="Pilot", slug="pilot", municipality="Sunne kommun",
                                 stage="analysis", created_by=user)
categories = [Category.objects.create(process=process, name=f"Kategori {n}", key=str(n), order=n)
              for n in (1, 2, 3)]
opinions = Opinion.objects.bulk_create(
    Opinion(process=process, original_text=f"Synpunkt {n}.", recorded_by=user,
            recorded_at=timezone.now()) for n in range(50))
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session["_auth_user_backend"] = "core.accounts.StaffBackend"
session["_auth_user_hash"] = user.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key, "csrf": _get_new_csrf_string(),
                  "opinions": [o.pk for o in Opinion.objects.filter(process=process)],
                  "categories": [c.pk for c in categories]}))
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def test_a_hundred_keystrokes_while_the_worker_imports_and_none_is_locked_out(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sunnemodel.settings",
        "DEBUG": "1",
        "SECRET_KEY": secrets.token_urlsafe(30),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'pilot.sqlite3'}",
        "LOG_LEVEL": "WARNING",
    }
    _manage(env, "migrate", "--no-input", "-v0")
    setup = json.loads(
        _manage(env, "shell", "--no-imports", "-c", SETUP, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    big = tmp_path / "stor.csv"
    big.write_text(
        "Synpunkt;Deltagare\n"
        + "".join(f"Fler bussar, nummer {n};{n % 997}\n" for n in range(40_000))
    )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    importing = None
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        importing = subprocess.Popen(
            [sys.executable, "manage.py", "import_opinions", str(big), "--process", "pilot"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        headers = {
            "Cookie": f"sessionid={setup['session']}; csrftoken={setup['csrf']}",
            "X-CSRFToken": setup["csrf"],
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        answers = []
        for stroke in range(100):
            opinion = setup["opinions"][stroke % len(setup["opinions"])]
            category = setup["categories"][stroke % 3]
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request(
                "POST",
                f"/staff/processes/pilot/coding/{opinion}/",
                urlencode({"action": "toggle", "category": category}),
                headers,
            )
            response = connection.getresponse()
            body = response.read().decode("utf-8", "replace")
            answers.append((response.status, "locked" in body))
            time.sleep(0.2)
        imported = importing.wait(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if importing is not None and importing.poll() is None:
            importing.kill()
    assert [status for status, _locked in answers] == [200] * 100, answers
    assert not any(locked for _status, locked in answers)
    assert imported == 0, importing.stderr.read().decode()[-500:]
