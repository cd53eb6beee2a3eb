from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import PublicDataAdmin
from opinions.models import (
    Category,
    CategorySummary,
    CodebookChange,
    Coding,
    CodingChange,
    CodingSample,
    ExportRun,
    FinalCoding,
    ImportRun,
    KeptFigures,
    Memo,
    Opinion,
    OpinionImport,
    OpinionVersion,
    PopulationFigure,
    Reconciliation,
    RegisterExtract,
    Respondent,
    RespondentContact,
    RetentionLog,
    Suggestion,
    SuggestionModel,
)


class ReadOnlyRecord(admin.ModelAdmin):
    """A record: read here, written on the staff pages only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Respondent)
class RespondentAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["receipt_code", "process", "event", "age_band", "gender", "role", "area"]
    list_filter = ["process", "age_band", "gender", "role"]
    search_fields = ["receipt_code", "external_id"]
    list_select_related = ["process", "event", "area"]


@admin.register(RespondentContact)
class RespondentContactAdmin(admin.ModelAdmin):
    list_display = ["respondent", "retain_until"]
    list_filter = ["retain_until"]
    search_fields = ["respondent__receipt_code"]
    list_select_related = ["respondent"]


@admin.register(Opinion)
class OpinionAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    """The original text is a public record: shown, never editable."""

    process_path = "process"

    list_display = ["__str__", "process", "event", "question", "status", "publication"]
    list_filter = ["process", "status", "publication", "source"]
    search_fields = ["original_text", "published_text", "polis_id"]
    list_select_related = ["process", "event", "question"]
    readonly_fields = [
        "original_text",
        "recorded_by",
        "recorded_at",
        "client_uuid",
        "deleted_at",
        "deleted_by",
        "deletion_reason",
    ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "process"
    list_display = ["name", "process", "key", "order", "parent"]
    list_filter = ["process"]
    search_fields = ["name", "definition"]
    list_select_related = ["process", "parent"]


@admin.register(Coding)
class CodingAdmin(SimpleHistoryAdmin):
    list_display = ["opinion", "category", "coder", "coded_at"]
    list_filter = ["category__process", "coder"]
    search_fields = ["opinion__original_text", "category__name"]
    list_select_related = ["opinion", "category", "coder"]


@admin.register(FinalCoding)
class FinalCodingAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "opinion.process"
    list_display = ["opinion", "category", "decided_by", "decided_at"]
    list_filter = ["category__process"]
    search_fields = ["opinion__original_text", "category__name"]
    list_select_related = ["opinion", "category", "decided_by"]


@admin.register(Memo)
class MemoAdmin(admin.ModelAdmin):
    list_display = ["opinion", "updated_by", "updated_at"]
    list_filter = ["opinion__process"]
    search_fields = ["text"]
    list_select_related = ["opinion", "updated_by"]


@admin.register(OpinionVersion)
class OpinionVersionAdmin(ReadOnlyRecord):
    """Corrections are records too: read here, made on the staff pages."""

    list_display = ["opinion", "number", "corrected_by", "corrected_at"]
    list_filter = ["opinion__process"]
    search_fields = ["text", "reason"]
    list_select_related = ["opinion", "corrected_by"]


@admin.register(OpinionImport)
class OpinionImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "process", "event", "imported_by", "imported_at", "opinions"]
    list_filter = ["process", "format"]
    search_fields = ["file_name", "digest"]
    list_select_related = ["process", "event", "imported_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "process", "status", "requested_by", "created_at"]
    list_filter = ["status", "process"]
    search_fields = ["file_name"]
    list_select_related = ["process", "requested_by"]


@admin.register(CodingChange)
class CodingChangeAdmin(ReadOnlyRecord):
    list_display = ["opinion", "user", "action", "category", "at", "undone"]
    list_filter = ["action", "opinion__process"]
    search_fields = ["text", "opinion__original_text"]
    list_select_related = ["opinion", "user", "category"]


@admin.register(CodebookChange)
class CodebookChangeAdmin(ReadOnlyRecord):
    list_display = ["process", "action", "summary", "user", "at"]
    list_filter = ["action", "process"]
    search_fields = ["summary"]
    list_select_related = ["process", "user"]


@admin.register(CodingSample)
class CodingSampleAdmin(ReadOnlyRecord):
    list_display = ["process", "share", "drawn_by", "drawn_at"]
    list_filter = ["process"]
    search_fields = ["process__title"]
    list_select_related = ["process", "drawn_by"]


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnlyRecord):
    list_display = ["opinion", "decided_by", "decided_at"]
    list_filter = ["opinion__process"]
    search_fields = ["opinion__original_text"]
    list_select_related = ["opinion", "decided_by"]


@admin.register(SuggestionModel)
class SuggestionModelAdmin(ReadOnlyRecord):
    list_display = ["process", "status", "requested_by", "requested_at", "trained_on", "held_out"]
    list_filter = ["status", "process"]
    search_fields = ["message"]
    list_select_related = ["process", "requested_by"]
    exclude = ["fitted"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyRecord):
    list_display = ["opinion", "category", "confidence", "decision", "decided_by"]
    list_filter = ["decision", "model__process"]
    search_fields = ["opinion__original_text", "category__name"]
    list_select_related = ["opinion", "category", "decided_by"]


@admin.register(PopulationFigure)
class PopulationFigureAdmin(admin.ModelAdmin):
    list_display = ["process", "dimension", "value", "count"]
    list_filter = ["dimension", "process"]
    search_fields = ["value"]
    list_select_related = ["process"]


@admin.register(ExportRun)
class ExportRunAdmin(ReadOnlyRecord):
    list_display = ["process", "format", "status", "requested_by", "requested_at", "size"]
    list_filter = ["status", "format", "process"]
    search_fields = ["process__title"]
    list_select_related = ["process", "requested_by"]


@admin.register(RetentionLog)
class RetentionLogAdmin(ReadOnlyRecord):
    list_display = ["rule", "ran_at", "removed", "kept_until"]
    list_filter = ["rule", "ran_at"]
    search_fields = ["rule"]


@admin.register(RegisterExtract)
class RegisterExtractAdmin(ReadOnlyRecord):
    list_display = ["made_at", "made_by", "found"]
    list_filter = ["made_at"]
    search_fields = ["made_by__username"]


@admin.register(CategorySummary)
class CategorySummaryAdmin(ReadOnlyRecord):
    list_display = ["category", "model_name", "drafted_at", "accepted_by", "accepted_at"]
    list_filter = ["category__process", "accepted_at"]
    search_fields = ["text", "category__name"]
    list_select_related = ["category", "accepted_by"]


@admin.register(KeptFigures)
class KeptFiguresAdmin(ReadOnlyRecord):
    """What the pages of counts last counted (opinions/analysis/kept.py): to read when a figure
    seems stale; it is counted anew by the pages, never edited."""

    list_display = ["process", "kind", "made_at", "seconds", "counted", "changes", "queued_at"]
    list_filter = ["kind", "process"]
    search_fields = ["process__title", "process__slug"]
    list_select_related = ["process"]
