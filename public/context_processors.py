from django.utils.functional import SimpleLazyObject

from public.site import current


def site(request) -> dict:
    """The municipality's name, logo, colour and contact, for the header and footer of every
    page; read when a page shows them (public/site.py)."""
    return {"site": SimpleLazyObject(current)}
