from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from archive.urls import staff_patterns as archive_staff_patterns
from core import sign_in, views
from core.permissions import public
from dialogues.urls import staff_patterns as dialogue_staff_patterns
from opinions.urls import staff_patterns as opinion_staff_patterns
from public import site as public_site
from public import views as public_views
from public.urls import public_patterns
from public.urls import staff_patterns as public_staff_patterns
from strategy.urls import staff_patterns as strategy_staff_patterns
from sunnemodel.api import api

admin.site.site_header = "Sunnemodellen"
admin.site.site_title = "Sunnemodellen"

staff_patterns = [
    *dialogue_staff_patterns,
    *opinion_staff_patterns,
    *strategy_staff_patterns,
    *public_staff_patterns,
    *archive_staff_patterns,
    path("it/", sign_in.sign_in_overview, name="sign_in_overview"),  # IT's page
]

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    # The municipality's logo and colour (public/site.py): the same in every language.
    path("logotyp", public_site.site_logo, name="site_logo"),
    path("utseende.css", public_site.site_css, name="site_css"),
    path("i18n/setlang/", public(set_language, writes=True), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    *i18n_patterns(
        path("", public_views.home, name="home"),
        # Signing in and out, the identity provider and the second factor (core/sso_urls.py).
        path("accounts/", include("core.sso_urls")),
        path("staff/", include((staff_patterns, "staff"))),
        path("", include((public_patterns, "public"))),
        prefix_default_language=False,
    ),
]

# Uploaded files (photos, responses, imports) are never served from an address of their own,
# with DEBUG on too: only through the views that check who asks (attachment_file, response_file).
