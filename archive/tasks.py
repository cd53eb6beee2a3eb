"""The archive app's background work (django-tasks)."""

from archive.services import package_make

__all__ = ["package_make"]
