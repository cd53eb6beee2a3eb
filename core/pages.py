"""Pages of a long list that cost about the same far down it as at its start.

Django's Paginator reads a page as `OFFSET n LIMIT 25` over the whole query: the database
reads every row it skips, with its joins. Here a page reads the ids it wants first, which an
index covering the list's filters and order gives without reading the rows (an index-only
scan), then only those rows. At 2,000,000 opinions the workbench's last page took 9.2 s."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet


def rows_at(queryset: QuerySet, start: int, stop: int) -> list:
    """`list(queryset[start:stop])`, read as the ids in that place, then their rows."""
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[start:stop])
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


class IdsFirstPaginator(Paginator):
    """A Paginator whose pages are read by `rows_at` (a list that is not a query: as Django's)."""

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(rows_at(self.object_list, bottom, top), number, self)
