"""The JSON API, described by OpenAPI at /api/v1/openapi.json (browsable at /api/v1/docs)."""

from ninja import NinjaAPI

from opinions.api import router as opinions_router
from public.api import router as public_router

api = NinjaAPI(
    title="Sunnemodellen API",
    version="1",
    description=(
        "Registering opinions from the entry page (a login is needed), and the public site's "
        "data, read-only and open to anyone: processes, published opinions, statistics."
    ),
    urls_namespace="api",
)
api.add_router("/", opinions_router)
api.add_router("/", public_router)
