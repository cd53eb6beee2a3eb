from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models.functions import Coalesce

from opinions.analysis.search import terms

SEARCH_IDS = 10_000


class OpinionQuerySet(models.QuerySet):
    def for_process(self, process) -> OpinionQuerySet:
        return self.filter(process=process)

    def not_deleted(self) -> OpinionQuerySet:
        return self.filter(deleted_at__isnull=True)

    def counted(self) -> OpinionQuerySet:
        """Opinions that count: not deleted, not excluded and not duplicates."""
        return self.not_deleted().filter(status="registered")

    def published(self) -> OpinionQuerySet:
        """What the public site may show: opinions that count, whose givers agreed to their
        publication, approved in review (in their published text)."""
        return self.counted().filter(publication="approved", consent_to_publish=True)

    def published_matching(
        self, *, category=None, event=None, question=None, query: str = ""
    ) -> OpinionQuerySet:
        """The published opinions that a resident's filters choose. Words are looked for in
        the published text only: a search of the text as registered would tell which opinion
        held what the review took out."""
        found = self.published()
        if category is not None:
            found = found.filter(final_categories=category)
        if event is not None:
            found = found.filter(event=event)
        if question is not None:
            found = found.filter(question=question)
        for words, _prefix in terms(query):
            found = found.filter(published_text__icontains=" ".join(words))
        return found

    def for_event(self, event) -> OpinionQuerySet:
        return self.filter(event=event)

    def with_history(self) -> OpinionQuerySet:
        return self.select_related(
            "question", "respondent", "recorded_by", "deleted_by", "open_space_session"
        ).prefetch_related("versions__corrected_by")

    def awaiting_final_coding(self) -> OpinionQuerySet:
        return self.counted().without_final_coding()

    def without_final_coding(self) -> OpinionQuerySet:
        """NOT EXISTS, not a LEFT JOIN tested for NULL: PostgreSQL then knows how many rows it
        keeps, and walks the oldest opinions in their index until it has enough (duplicates'
        oldest 5,000 of 2,000,000: 1.4 s -> 14 ms)."""
        FinalCoding = apps.get_model("opinions", "FinalCoding")
        return self.exclude(
            models.Exists(FinalCoding.objects.filter(opinion=models.OuterRef("pk")))
        )

    def to_be_shown(self) -> OpinionQuerySet:
        """Opinions the public site would show once they have passed review."""
        return self.counted().filter(consent_to_publish=True)

    # Coding ----------------------------------------------------------------------------------

    def for_coding(self) -> OpinionQuerySet:
        """What the coding workbench shows of each opinion, fetched with the opinions."""
        return (
            self.not_deleted()
            .exclude(status="duplicate")
            .select_related("event", "question", "respondent__area", "memo")
            .prefetch_related(
                models.Prefetch(
                    "codings",
                    queryset=apps.get_model("opinions", "Coding")
                    .objects.select_related("category", "coder")
                    .order_by("category__order", "category__name"),
                ),
                "final_categories",
            )
            .order_by("recorded_at", "pk")
        )

    def in_disagreement(self) -> OpinionQuerySet:
        """Opinions coded by two or more people whose sets of categories differ. With one
        coding row per opinion × category × coder, they agree exactly when rows = coders ×
        distinct categories. Found by one aggregate over the codings, not by testing every
        opinion (three subqueries an opinion took 15 s at 2,000,000 opinions)."""
        Coding = apps.get_model("opinions", "Coding")
        differing = (
            Coding.objects.order_by()
            .values("opinion")
            .annotate(
                coders=models.Count("coder", distinct=True),
                categories=models.Count("category", distinct=True),
                rows=models.Count("pk"),
            )
            .filter(coders__gte=2, rows__lt=models.F("coders") * models.F("categories"))
            .values("opinion")
        )
        return self.filter(pk__in=differing)

    def in_analysis(self) -> OpinionQuerySet:
        """What the coding works on: not deleted, not a duplicate (excluded ones included)."""
        return self.not_deleted().exclude(status="duplicate")

    def with_settled(self) -> OpinionQuerySet:
        """Annotate `is_settled`: the opinion has a final coding, or is excluded with a reason."""
        final = apps.get_model("opinions", "FinalCoding").objects.filter(
            opinion=models.OuterRef("pk")
        )
        return self.annotate(
            is_settled=models.ExpressionWrapper(
                models.Q(status="excluded") | models.Q(models.Exists(final)),
                output_field=models.BooleanField(),
            )
        )

    def coding_progress(self) -> dict:
        """`total` opinions in the analysis and how many of them are `done` (settled), in one
        pass over the process."""
        final = apps.get_model("opinions", "FinalCoding").objects.filter(
            opinion=models.OuterRef("pk")
        )
        return self.in_analysis().aggregate(
            total=models.Count("pk"),
            done=models.Count(
                "pk", filter=models.Q(status="excluded") | models.Q(models.Exists(final))
            ),
        )

    def neighbours(self, opinion) -> tuple[int | None, int | None]:
        """The ids before and after `opinion` in the list's order (recorded_at, pk). Each is
        found by the time index in two steps, not by an OR that would read the whole list."""
        ids = self.values_list("pk", flat=True)
        same_time = ids.filter(recorded_at=opinion.recorded_at)
        following = same_time.filter(pk__gt=opinion.pk).order_by("pk").first() or (
            ids.filter(recorded_at__gt=opinion.recorded_at).order_by("recorded_at", "pk").first()
        )
        previous = same_time.filter(pk__lt=opinion.pk).order_by("-pk").first() or (
            ids.filter(recorded_at__lt=opinion.recorded_at).order_by("-recorded_at", "-pk").first()
        )
        return previous, following

    def with_certainty(self) -> OpinionQuerySet:
        """Annotate `certainty`: how sure the suggestion model is of its best candidate for
        the opinion, 0 where it has none (an opinion it could place nowhere)."""
        best = (
            apps.get_model("opinions", "Suggestion")
            .objects.filter(opinion=models.OuterRef("pk"), decision="pending")
            .order_by("-confidence")
            .values("confidence")[:1]
        )
        return self.annotate(
            certainty=Coalesce(models.Subquery(best, output_field=models.FloatField()), 0.0)
        )

    def most_uncertain_first(self) -> OpinionQuerySet:
        """The order in which coding teaches the model the most (uncertainty sampling): the
        opinions it is least sure of first."""
        return self.with_certainty().order_by("certainty", "pk")

    def neighbours_by_certainty(self, opinion) -> tuple[int | None, int | None]:
        """The ids before and after `opinion` in `most_uncertain_first`'s order; found from its
        certainty even once it has left the list (coded a moment ago)."""
        mine = (
            self.model.objects.filter(pk=opinion.pk)
            .with_certainty()
            .values_list("certainty", flat=True)
            .first()
        ) or 0.0
        listed = self if "certainty" in self.query.annotations else self.with_certainty()
        ids = listed.values_list("pk", flat=True)
        after = models.Q(certainty__gt=mine) | models.Q(certainty=mine, pk__gt=opinion.pk)
        before = models.Q(certainty__lt=mine) | models.Q(certainty=mine, pk__lt=opinion.pk)
        following = ids.filter(after).order_by("certainty", "pk").first()
        previous = ids.filter(before).order_by("-certainty", "-pk").first()
        return previous, following

    def coded(self) -> OpinionQuerySet:
        return self.filter(models.Exists(_codings()))

    def uncoded(self) -> OpinionQuerySet:
        return self.filter(status="registered").exclude(models.Exists(_codings()))

    def search(self, text: str) -> OpinionQuerySet:
        """Full text: words are matched by their Swedish stem, "quoted words" as a phrase and
        a word ending in * as a prefix. On PostgreSQL the GIN index on `search_vector` does
        the work; elsewhere every word must appear in the text."""
        from django.db import connections

        from opinions.analysis.search import search_filter

        condition = search_filter(text, self.db)
        if connections[self.db].vendor != "postgresql":
            return self.filter(condition)
        # Asked together with the list's order and LIMIT, PostgreSQL may walk the time index
        # and test every opinion against the query (a third of a second at 1,000,000). Ask the
        # GIN index alone first; while the matches are few, the list takes them by id.
        matches = list(
            self.model.objects.filter(condition).values_list("pk", flat=True)[: SEARCH_IDS + 1]
        )
        if len(matches) > SEARCH_IDS:
            return self.filter(condition)
        return self.filter(pk__in=matches)


def _codings():
    return apps.get_model("opinions", "Coding").objects.filter(opinion=models.OuterRef("pk"))


class CategoryQuerySet(models.QuerySet):
    def for_process(self, process) -> CategoryQuerySet:
        return self.filter(process=process)

    def with_counts(self) -> CategoryQuerySet:
        """Annotate `coded` (opinions any coder put in it) and `final` (in the final coding),
        counting the opinions the coding list shows: not deleted, not duplicates. Each is a
        subquery of its own: counted in one join they made a row for every coding × final
        coding of a category."""
        Coding = apps.get_model("opinions", "Coding")
        FinalCoding = apps.get_model("opinions", "FinalCoding")

        def counted(model, field: str) -> Coalesce:
            per_category = (
                model.objects.filter(
                    category=models.OuterRef("pk"), opinion__deleted_at__isnull=True
                )
                .exclude(opinion__status="duplicate")
                .order_by()
                .values("category")
                .annotate(n=models.Count(field, distinct=True))
                .values("n")
            )
            return Coalesce(models.Subquery(per_category, output_field=models.IntegerField()), 0)

        return self.annotate(
            coded=counted(Coding, "opinion"), final=counted(FinalCoding, "opinion")
        )

    def in_codebook(self) -> CategoryQuerySet:
        """Categories still in use: a merged category is kept only for the history."""
        return self.filter(merged_into__isnull=True)

    def as_tree(self) -> list:
        """The categories in their order, each narrower one right under the one it is part of
        (a split gives the new ones their parent's order, and a name could sort them above it).
        Only the categories of this queryset are placed: a parent outside it starts no path."""
        by_pk = {category.pk: category for category in self.select_related("parent")}

        def path(category) -> list[tuple]:
            steps = []
            while category is not None and len(steps) < len(by_pk):
                steps.append((category.order, category.name.lower(), category.pk))
                category = by_pk.get(category.parent_id)
            return steps[::-1]

        return sorted(by_pk.values(), key=path)


class SuggestionQuerySet(models.QuerySet):
    def shown(self) -> SuggestionQuerySet:
        """The suggestions that wait for a person's decision and that their model is as sure
        of as the strategists chose (`SuggestionModel.threshold`)."""
        return self.filter(decision="pending", confidence__gte=models.F("model__threshold"))


class FinalCodingQuerySet(models.QuerySet):
    def in_analysis(self, process) -> FinalCodingQuerySet:
        """The final coding the analysis reads: of the process's registered opinions that are
        not deleted, in categories not merged into another."""
        return self.filter(
            opinion__process=process,
            opinion__deleted_at__isnull=True,
            opinion__status="registered",
            category__merged_into__isnull=True,
        )
