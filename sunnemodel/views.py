from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from dialogues.models import Process
from sunnemodel.permissions import public


@public
def home(request):
    """The front page: the processes the municipality has made public."""
    processes = Process.objects.public().order_by("-created_at")
    return render(request, "home.html", {"processes": processes})


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
