"""What the load benchmarks share: a bench database, gunicorn on it, and concurrent clients.

gunicorn serves the production settings plus a floor view (`/bench-floor/`, which only answers
200) on a PostgreSQL database of the bench's own; clients are separate processes with
kept-alive connections, each running for the same number of seconds.
"""

import contextlib
import http.client
import os
import secrets
import signal
import socket
import statistics
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8765"))  # where the bench serves itself
BASE_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# The Redis cache that production has whenever more than one server process runs (the bench's
# own database, emptied with the bench's PostgreSQL database).
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5")


def environment(database: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"{BASE_URL}/{database}",
        "LOG_LEVEL": "WARNING",
    }


def fresh_database(env: dict, database: str) -> None:
    """Drop and create the bench database (and empty its cache), migrate it, collect the static
    files that the production settings serve (into the ignored staticfiles/, as a deployment
    would), and make the table that bench.urls' one-INSERT view writes to."""
    for command in (["dropdb", "--if-exists"], ["createdb"]):
        subprocess.run([*command, "-h", "127.0.0.1", "-U", "postgres", database], check=True)
    if env.get("CACHE_URL"):
        subprocess.run(["redis-cli", "-u", env["CACHE_URL"], "flushdb"], check=True, stdout=-3)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    subprocess.run(
        ["psql", env["DATABASE_URL"], "-q", "-c",
         "CREATE TABLE bench_write (id bigserial PRIMARY KEY, body text NOT NULL)"],
        check=True,
    )  # fmt: skip


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


@contextlib.contextmanager
def gunicorn(env: dict, workers: str, port: int = PORT):
    """The bench's server; refused at once if something already answers on `port`, which the
    bench would otherwise measure instead (or fail on with its 404s)."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        raise SystemExit(f"Port {port} is in use: stop what listens there, then run the bench.")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bench.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped at its start (exit {server.returncode}).")
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def load(client, arguments: list, seconds: float) -> tuple[float, float, float]:
    """Run `client(argument, until)` in one process per argument; throughput, p50 and p95."""
    until = time.perf_counter() + seconds
    with ProcessPoolExecutor(len(arguments)) as pool:
        results = list(pool.map(client, arguments, [until] * len(arguments)))
    latencies = sorted(value for result in results for value in result)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return len(latencies) / seconds, statistics.median(latencies), p95


def timed_requests(until: float, send) -> list[float]:
    """Call `send(connection)` on one kept-alive connection until `until`; the latency of each
    call. `send` makes one request and reads its whole answer (`fetch`)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    latencies = []
    while time.perf_counter() < until:
        start = time.perf_counter()
        send(connection)
        latencies.append(time.perf_counter() - start)
    return latencies


def fetch(connection, method: str, path: str, body=None, headers=None, *, holding=b"") -> bytes:
    """One request and its whole answer; anything but a 200 (holding `holding`) stops the
    bench, so that a figure never counts errors."""
    connection.request(method, path, body, headers or {})
    response = connection.getresponse()
    page = response.read()
    if response.status != 200 or holding not in page:
        raise RuntimeError(f"{method} {path}: HTTP {response.status}")
    return page


def staff_session(user) -> dict:
    """A session of `user` signed in, as signing in stores it (the account backend, the
    password's hash), with a CSRF token for its requests: {"session": key, "csrf": token}.
    Called in the bench's Django process or its `manage.py shell` scripts."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "core.accounts.StaffBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"session": session.session_key, "csrf": _get_new_csrf_string()}


def signed_in_headers(session: dict, content_type: str = "application/json") -> dict:
    """The headers a page's script sends for the signed-in user of `session`."""
    return {
        "Cookie": f"sessionid={session['session']}; csrftoken={session['csrf']}",
        "X-CSRFToken": session["csrf"],
        "Content-Type": content_type,
    }


def signed_in_client(spec: dict, until: float) -> list[float]:
    """POST `spec["body"]` to `spec["path"]` as the signed-in user of `spec["session"]`."""
    headers, body = signed_in_headers(spec), spec["body"].encode()
    return timed_requests(until, lambda c: fetch(c, "POST", spec["path"], body, headers))


def signed_in_floors(sessions: list[dict], seconds: float, statements: int = 0) -> dict:
    """What the goal leaves room for: the same clients' signed-in POSTs to a view that only
    answers 200, to one that stores one row with one INSERT, and (`statements`) to one that
    makes as many statements as the measured write, each the least a statement can be."""
    body = '{"text": "Bättre bussar till Lysvik."}'
    paths = [("signed in", "/bench-signed-in/"), ("one INSERT", "/bench-one-insert/")]
    if statements:
        paths.append((f"{statements} statements", f"/bench-round-trips/{statements}/"))
    return {
        name: load(
            signed_in_client,
            [{**session, "path": path, "body": body} for session in sessions],
            seconds,
        )
        for name, path in paths
    }


def floor_client(_argument, until: float) -> list[float]:
    return timed_requests(until, lambda connection: fetch(connection, "GET", "/bench-floor/"))


def report(indent: str, floor: tuple, signed_in: dict, name: str, measured: tuple) -> None:
    """Print the floor, the signed-in references and the measured view, with the goal's ratio
    and the references' own (no signed-in write can be faster than a signed-in 200)."""
    rows = {
        "floor (200 only)": floor,
        "signed in, 200 only": signed_in["signed in"],
        "signed in, one INSERT": signed_in["one INSERT"],
        **{f"signed in, {n}": signed_in[n] for n in signed_in if n.endswith(" statements")},
        name: measured,
    }
    for label, (throughput, p50, p95) in rows.items():
        print(
            f"{indent}{label:22} {throughput:7.1f} req/s   "
            f"p50 {p50 * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms"
        )
    print(
        f"{indent}ratio {measured[0] / floor[0]:.2f} (goal ≥ 0.5); of the floor, signed in and "
        f"200 only reaches {signed_in['signed in'][0] / floor[0]:.2f}, signed in and one INSERT "
        f"{signed_in['one INSERT'][0] / floor[0]:.2f}"
    )
