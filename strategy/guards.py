"""Guards on the stage moves that read the strategy, its consultation and its decision."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogues.stages import Stage, guard
from strategy.models import Consultation, Decision, DraftVersion, ResponsePoint


@guard(Stage.CONSULTATION)
def needs_consultation_ready(process) -> list[str]:
    missing = []
    versions = DraftVersion.objects.filter(strategy__process=process)
    if not versions.filter(status=DraftVersion.Status.FOR_CONSULTATION).exists():
        missing.append(_("Mark a draft version for consultation."))
    consultations = Consultation.objects.filter(strategy__process=process)
    if not consultations.filter(consultees__isnull=False).exists():
        missing.append(_("Add at least one consultee."))
    if not consultations.filter(deadline__isnull=False).exists():
        missing.append(_("Set the last day to respond to the consultation."))
    return missing


@guard(Stage.REVISION)
def needs_consultation_closed(process) -> list[str]:
    today = timezone.localdate()
    open_ones = Consultation.objects.filter(strategy__process=process, deadline__gte=today)
    if open_ones.exists():
        return [_("The consultation period has not ended yet.")]
    return []


@guard(Stage.ADOPTED)
def needs_points_handled(process) -> list[str]:
    points = ResponsePoint.objects.filter(response__consultation__strategy__process=process)
    missing = []
    undecided = points.undecided().count()
    if undecided:
        missing.append(
            ngettext(
                "%(count)d response point has no disposition.",
                "%(count)d response points have no disposition.",
                undecided,
            )
            % {"count": undecided}
        )
    unexplained = points.filter(
        disposition=ResponsePoint.Disposition.NOT_ACCEPTED, reason=""
    ).count()
    if unexplained:
        missing.append(
            ngettext(
                "%(count)d response point is not accepted without a reason.",
                "%(count)d response points are not accepted without a reason.",
                unexplained,
            )
            % {"count": unexplained}
        )
    return missing


@guard(Stage.ADOPTED)
def needs_final_version_and_decision(process) -> list[str]:
    missing = []
    finals = DraftVersion.objects.filter(
        strategy__process=process, status=DraftVersion.Status.FINAL
    )
    if not finals.exists():
        missing.append(_("Mark a draft version as final."))
    if not Decision.objects.filter(strategy__process=process).exists():
        missing.append(_("Record the council's decision."))
    return missing
