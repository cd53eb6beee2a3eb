from django.contrib import admin

from core.admin import PublicDataAdmin
from dialogues.models import (
    Area,
    Body,
    DialogueEvent,
    EventAttachment,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    Process,
    StageTransition,
    TeamMember,
)


@admin.register(Body)
class BodyAdmin(PublicDataAdmin):
    def processes_of(self, obj) -> list:
        """A body is named on the pages of many processes, and changes seldom: all of them."""
        return list(Process.objects.all())

    list_display = ["name", "abbreviation", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "abbreviation"]


class MandateInline(admin.StackedInline):
    model = Mandate
    extra = 0


class GuidingQuestionInline(admin.TabularInline):
    model = GuidingQuestion
    extra = 0


@admin.register(Process)
class ProcessAdmin(PublicDataAdmin):
    process_path = ""
    list_display = ["title", "municipality", "stage", "is_public", "created_at"]
    list_filter = ["stage", "is_public", "municipality"]
    search_fields = ["title", "slug", "purpose"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["stage", "questions_approved_at", "created_at", "updated_at"]
    inlines = [MandateInline, GuidingQuestionInline]


@admin.register(TeamMember)
class TeamMemberAdmin(PublicDataAdmin):
    list_display = ["user", "process", "added_by", "added_at"]
    list_filter = ["process"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "process__title"]
    list_select_related = ["user", "process", "added_by"]


@admin.register(Area)
class AreaAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["name", "process", "order"]
    list_filter = ["process"]
    search_fields = ["name"]
    list_select_related = ["process"]


@admin.register(Mandate)
class MandateAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["process", "issuing_body", "meeting_date", "minute_item", "case_number"]
    list_filter = ["issuing_body", "meeting_date"]
    search_fields = ["case_number", "decision_text", "process__title"]
    list_select_related = ["process", "issuing_body"]


@admin.register(GuidingQuestion)
class GuidingQuestionAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["text", "process", "order"]
    list_filter = ["process"]
    search_fields = ["text", "text_en"]
    list_select_related = ["process"]


class OpenSpaceSessionInline(admin.TabularInline):
    model = OpenSpaceSession
    extra = 0


@admin.register(DialogueEvent)
class DialogueEventAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["title", "process", "kind", "place", "starts_at", "headcount"]
    list_filter = ["kind", "process"]
    search_fields = ["title", "place", "address", "target_groups"]
    list_select_related = ["process"]
    filter_horizontal = ["facilitators", "questions"]
    inlines = [OpenSpaceSessionInline]


@admin.register(EventAttachment)
class EventAttachmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "uploaded_by", "uploaded_at"]
    list_filter = ["event__process"]
    search_fields = ["caption"]
    list_select_related = ["event", "uploaded_by"]


@admin.register(OpenSpaceSession)
class OpenSpaceSessionAdmin(PublicDataAdmin):
    process_path = "event.process"
    list_display = ["topic", "event", "convener", "room", "starts_at"]
    list_filter = ["event__process"]
    search_fields = ["topic", "convener", "report"]
    list_select_related = ["event"]


@admin.register(StageTransition)
class StageTransitionAdmin(PublicDataAdmin):
    """The log is a record: it can be read here, never written or changed."""

    process_path = "process"

    list_display = ["process", "from_stage", "to_stage", "moved_by", "moved_at"]
    list_filter = ["to_stage", "process"]
    search_fields = ["note", "process__title"]
    list_select_related = ["process", "moved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
