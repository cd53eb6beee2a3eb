"""Reads of the e-archive packages, for the pages that list them."""

from __future__ import annotations

from archive.models import ArchivePackage

RECENT = 50


def recent(process=None, *, limit: int = RECENT) -> list[ArchivePackage]:
    """The latest packages made (of one process, or of all), newest first, in one query."""
    packages = ArchivePackage.objects.select_related("process", "created_by")
    if process is not None:
        packages = packages.filter(process=process)
    return list(packages.order_by("-created_at", "-pk")[:limit])
