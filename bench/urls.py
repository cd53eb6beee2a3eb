from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import path

from sunnemodel.urls import urlpatterns as site


def floor(request):
    """The floor: a view that only answers 200, on the same server and middleware."""
    return HttpResponse(b"ok")


def signed_in(request):
    """What any staff view pays before its own work: the session and the user behind the
    cookie (and, for a POST, the CSRF check). Answers 200 to a signed-in user."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    return HttpResponse(b"ok")


def one_insert(request):
    """A signed-in POST that stores one row with one INSERT and commits: the least that a
    write acknowledged to a user can cost (bench_write is made by bench.load)."""
    if not request.user.is_authenticated or request.method != "POST":
        return HttpResponse(status=403)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_write (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse(b"ok")


def round_trips(request, statements: int):
    """The one-INSERT view with as many statements as a write of ours makes after the user is
    known (a keystroke 6: the process, the codebook, the lock, the read after it, the writes, the
    figures marked stale), each the least a statement can be (SELECT 1), in one transaction:
    what the round trips alone cost, whatever is done in them."""
    if not request.user.is_authenticated or request.method != "POST":
        return HttpResponse(status=403)
    with transaction.atomic(), connection.cursor() as cursor:
        for _ in range(statements - 1):
            cursor.execute("SELECT 1")
        cursor.execute("INSERT INTO bench_write (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse(b"ok")


urlpatterns = [
    path("bench-floor/", floor),
    path("bench-signed-in/", signed_in),
    path("bench-one-insert/", one_insert),
    path("bench-round-trips/<int:statements>/", round_trips),
    *site,
]
