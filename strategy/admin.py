from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import PublicDataAdmin
from strategy.models import (
    Assessment,
    Comparison,
    Consultation,
    Consultee,
    Decision,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    ReviewComment,
    Strategy,
    Target,
)


@admin.register(Strategy)
class StrategyAdmin(PublicDataAdmin):
    process_path = "process"
    list_display = ["title", "process", "period_start", "period_end"]
    search_fields = ["title", "vision"]
    list_select_related = ["process"]
    list_filter = ["period_end"]


@admin.register(PolicyInput)
class PolicyInputAdmin(PublicDataAdmin):
    process_path = "strategy.process"
    list_display = ["title", "kind", "strategy"]
    list_filter = ["kind", "strategy"]
    search_fields = ["title", "reference", "excerpt"]
    list_select_related = ["strategy"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["order", "indicator", "unit", "direction", "target_year", "target_value"]


@admin.register(Goal)
class GoalAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "strategy.process"
    list_display = ["title", "strategy", "order"]
    list_filter = ["strategy"]
    search_fields = ["title", "description"]
    list_select_related = ["strategy"]
    filter_horizontal = ["categories", "policy_inputs"]
    raw_id_fields = ["opinions"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "goal.strategy.process"
    list_display = ["indicator", "goal", "direction", "baseline_value", "target_value"]
    list_filter = ["direction", "source_kind", "goal__strategy"]
    search_fields = ["indicator", "kolada_kpi"]
    list_select_related = ["goal"]


@admin.register(Measurement)
class MeasurementAdmin(PublicDataAdmin):
    process_path = "target.goal.strategy.process"
    list_display = ["target", "period", "gender", "value", "is_provisional"]
    list_filter = ["gender", "is_provisional", "period"]
    search_fields = ["target__indicator", "source"]
    list_select_related = ["target"]


@admin.register(Comparison)
class ComparisonAdmin(PublicDataAdmin):
    process_path = "target.goal.strategy.process"
    list_display = ["target", "municipality", "period", "value"]
    list_filter = ["municipality", "period"]
    search_fields = ["target__indicator", "municipality"]
    list_select_related = ["target"]


@admin.register(Assessment)
class AssessmentAdmin(PublicDataAdmin):
    process_path = "target.goal.strategy.process"
    list_display = ["target", "year", "verdict", "assessed_by"]
    list_filter = ["verdict", "year"]
    search_fields = ["target__indicator", "comment"]
    list_select_related = ["target", "assessed_by"]


@admin.register(DraftVersion)
class DraftVersionAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "strategy.process"
    list_display = ["strategy", "number", "status", "created_at", "frozen_at"]
    list_filter = ["status", "strategy"]
    search_fields = ["text"]
    list_select_related = ["strategy"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(admin.ModelAdmin):
    list_display = ["version", "author", "created_at"]
    list_filter = ["version__strategy"]
    search_fields = ["text"]
    list_select_related = ["version", "author"]


class ConsulteeInline(admin.TabularInline):
    model = Consultee
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(PublicDataAdmin):
    process_path = "strategy.process"
    list_display = ["__str__", "sent_on", "deadline"]
    list_filter = ["strategy"]
    search_fields = ["strategy__title"]
    list_select_related = ["strategy", "version__strategy"]
    inlines = [ConsulteeInline]


@admin.register(Consultee)
class ConsulteeAdmin(PublicDataAdmin):
    process_path = "consultation.strategy.process"
    list_display = ["name", "kind", "consultation", "is_self_registered"]
    list_filter = ["kind", "is_self_registered"]
    search_fields = ["name", "email"]
    list_select_related = ["consultation__version__strategy"]


@admin.register(Response)
class ResponseAdmin(PublicDataAdmin):
    process_path = "consultation.strategy.process"
    list_display = ["consultee", "received_on", "case_number", "position"]
    list_filter = ["position", "consultation"]
    search_fields = ["text", "case_number", "consultee__name"]
    list_select_related = ["consultee", "consultation"]


@admin.register(ResponsePoint)
class ResponsePointAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "response.consultation.strategy.process"
    list_display = ["summary", "response", "disposition", "changed_in"]
    list_filter = ["disposition"]
    search_fields = ["summary", "reason"]
    list_select_related = ["response__consultee", "changed_in__strategy"]


@admin.register(Decision)
class DecisionAdmin(PublicDataAdmin, SimpleHistoryAdmin):
    process_path = "strategy.process"
    list_display = ["body", "meeting_date", "minute_item", "case_number", "announced_on"]
    list_filter = ["body", "meeting_date"]
    search_fields = ["case_number", "text"]
    list_select_related = ["body", "strategy"]
