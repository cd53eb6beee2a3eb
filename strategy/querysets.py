"""Reads of the strategy app as named queryset methods."""

from __future__ import annotations

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q


class GoalQuerySet(models.QuerySet):
    def for_strategy(self, strategy) -> GoalQuerySet:
        return self.filter(strategy=strategy)

    def with_sources(self) -> GoalQuerySet:
        """Each goal with its categories, cited opinions (their words), policy inputs and
        targets."""
        targets = self.model._meta.get_field("targets").related_model.objects
        opinions = self.model._meta.get_field("opinions").related_model.objects
        return self.annotate(
            opinion_count=Count("opinions", distinct=True),
        ).prefetch_related(
            "categories",
            "policy_inputs",
            Prefetch("opinions", queryset=opinions.only("pk", "original_text").order_by("pk")),
            Prefetch(
                "targets",
                queryset=targets.select_related("responsible_body").with_follow_up(),
            ),
        )


class TargetQuerySet(models.QuerySet):
    def for_strategy(self, strategy) -> TargetQuerySet:
        return self.filter(goal__strategy=strategy)

    def with_follow_up(self) -> TargetQuerySet:
        """Measurements (oldest first) and assessments (newest first) ride along."""
        measurements = self.model._meta.get_field("measurements").related_model.objects
        assessments = self.model._meta.get_field("assessments").related_model.objects
        return self.prefetch_related(
            Prefetch("measurements", queryset=measurements.order_by("period", "gender")),
            Prefetch("assessments", queryset=assessments.order_by("-year")),
        )


class DraftVersionQuerySet(models.QuerySet):
    def for_strategy(self, strategy) -> DraftVersionQuerySet:
        return self.filter(strategy=strategy)

    def with_comment_counts(self) -> DraftVersionQuerySet:
        return self.annotate(
            comment_count=Count("comments", distinct=True),
            open_comment_count=Count(
                "comments", filter=Q(comments__resolved_at__isnull=True), distinct=True
            ),
            is_adopted=Exists(
                self.model.decisions.rel.related_model.objects.filter(
                    adopted_version=OuterRef("pk")
                )
            ),
        )


class ConsulteeQuerySet(models.QuerySet):
    def with_answers(self) -> ConsulteeQuerySet:
        return self.annotate(response_count=Count("responses"))


class ConsultationQuerySet(models.QuerySet):
    def for_strategy(self, strategy) -> ConsultationQuerySet:
        return self.filter(strategy=strategy)


class ResponsePointQuerySet(models.QuerySet):
    def undecided(self) -> ResponsePointQuerySet:
        return self.filter(disposition="")
