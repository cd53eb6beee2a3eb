"""The Django admin's part in saying what residents see has changed.

The admin writes records without the services, so each admin of a record that the public pages
show says so itself. `process_path` is the way from a record to its process, as attributes
("strategy.process"; empty for the process itself); an admin whose records reach several
processes names them in `processes_of`.
"""

from __future__ import annotations

from functools import reduce

from django.contrib import admin

from core import public_data


class PublicDataAdmin(admin.ModelAdmin):
    process_path = "process"

    def processes_of(self, obj) -> list:
        parts = [part for part in self.process_path.split(".") if part]
        return [reduce(getattr, parts, obj)]

    def _changed(self, processes, *, old_slug: str | None = None) -> None:
        public_data.changed(*processes, old_slug, site=not self.process_path)

    def save_model(self, request, obj, form, change):
        old_slug = None
        if not self.process_path and obj.pk:
            old_slug = type(obj).objects.filter(pk=obj.pk).values_list("slug", flat=True).first()
        super().save_model(request, obj, form, change)
        self._changed(self.processes_of(obj), old_slug=old_slug)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._changed(self.processes_of(form.instance))

    def delete_model(self, request, obj):
        processes = self.processes_of(obj)
        super().delete_model(request, obj)
        self._changed(processes)

    def delete_queryset(self, request, queryset):
        processes = [process for obj in queryset for process in self.processes_of(obj)]
        super().delete_queryset(request, queryset)
        self._changed(processes)
