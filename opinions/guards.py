"""Guards on the stage moves that read what residents said and how it was coded."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogues.stages import Stage, guard
from opinions.models import Opinion


@guard(Stage.ANALYSIS)
def needs_opinions(process) -> list[str]:
    if not Opinion.objects.for_process(process).not_deleted().exists():
        return [_("Register at least one opinion.")]
    return []


@guard(Stage.DRAFTING)
def needs_every_opinion_coded(process) -> list[str]:
    waiting = Opinion.objects.for_process(process).awaiting_final_coding().count()
    if waiting:
        return [
            ngettext(
                "%(count)d opinion has no final coding and is not excluded.",
                "%(count)d opinions have no final coding and are not excluded.",
                waiting,
            )
            % {"count": waiting}
        ]
    return []


@guard(Stage.FEEDBACK_PUBLISHED)
def needs_publication_review(process) -> list[str]:
    waiting = (
        Opinion.objects.for_process(process)
        .to_be_shown()
        .filter(publication=Opinion.Publication.NOT_REVIEWED)
        .count()
    )
    if waiting:
        return [
            ngettext(
                "%(count)d opinion to be shown publicly has not passed review.",
                "%(count)d opinions to be shown publicly have not passed review.",
                waiting,
            )
            % {"count": waiting}
        ]
    return []
