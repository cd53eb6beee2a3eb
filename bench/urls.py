from django.http import HttpResponse
from django.urls import path

from sunnemodel.urls import urlpatterns as site


def floor(request):
    """The floor: a view that only answers 200, on the same server and middleware."""
    return HttpResponse(b"ok")


urlpatterns = [path("bench-floor/", floor), *site]
