"""The JSON API, described by OpenAPI at /api/v1/openapi.json (browsable at /api/v1/docs)."""

from ninja import NinjaAPI

from opinions.api import router as opinions_router

api = NinjaAPI(
    title="Sunnemodellen API",
    version="1",
    description="Registering opinions from the entry page; the public site extends it.",
    urls_namespace="api",
)
api.add_router("/", opinions_router)
