"""Each guard refuses the move with a message in plain words, and lets it pass once satisfied."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from dialogues.services import StageBlocked, process_move
from dialogues.stages import Stage
from opinions.models import Opinion
from strategy.models import DraftVersion, ResponsePoint
from tests.factories import (
    ConsultationFactory,
    ConsulteeFactory,
    DecisionFactory,
    DialogueEventFactory,
    FinalCodingFactory,
    GuidingQuestionFactory,
    MandateFactory,
    OpinionFactory,
    ProcessFactory,
    ResponsePointFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def refusal(process, to_stage, user) -> list[str]:
    with translation.override("en"), pytest.raises(StageBlocked) as blocked:
        process_move(process=process, to_stage=to_stage, moved_by=user)
    process.refresh_from_db()
    assert process.stage != to_stage, "a refused move must leave the stage unchanged"
    assert not process.transitions.exists(), "a refused move must not be logged"
    return blocked.value.reasons


def ready_for_questions_approved():
    process = ProcessFactory(
        rules_influence="Visionen och målen.",
        rules_input_use="Synpunkterna kodas och vävs in.",
        rules_feedback="En broschyr till alla hushåll.",
    )
    MandateFactory(process=process)
    GuidingQuestionFactory(process=process)
    process.questions_approved_at = timezone.now()
    process.save()
    return process


def test_questions_approved_needs_a_mandate(administrator):
    process = ready_for_questions_approved()
    process.mandate.delete()
    process = type(process).objects.get(pk=process.pk)
    assert refusal(process, Stage.QUESTIONS_APPROVED, administrator) == [
        "Register the council's mandate."
    ]


def test_questions_approved_needs_every_rule_of_the_game(administrator):
    process = ready_for_questions_approved()
    process.rules_influence = process.rules_input_use = process.rules_feedback = "  "
    process.save()
    assert refusal(process, Stage.QUESTIONS_APPROVED, administrator) == [
        "Write in the rules of the game what can be influenced.",
        "Write in the rules of the game how the opinions will be used.",
        "Write in the rules of the game when and how feedback comes.",
    ]


def test_questions_approved_needs_a_question(administrator):
    process = ready_for_questions_approved()
    process.questions.all().delete()
    assert refusal(process, Stage.QUESTIONS_APPROVED, administrator) == [
        "Write at least one guiding question."
    ]


def test_questions_approved_needs_the_set_approved(administrator):
    process = ready_for_questions_approved()
    process.questions_approved_at = None
    process.save()
    assert refusal(process, Stage.QUESTIONS_APPROVED, administrator) == [
        "Approve the set of guiding questions."
    ]


def test_questions_approved_passes_when_all_is_there(administrator):
    process = ready_for_questions_approved()
    transition = process_move(
        process=process, to_stage=Stage.QUESTIONS_APPROVED, moved_by=administrator, note="Klart"
    )
    process.refresh_from_db()
    assert process.stage == Stage.QUESTIONS_APPROVED
    assert (transition.from_stage, transition.to_stage) == ("planning", "questions_approved")
    assert transition.moved_by == administrator
    assert transition.note == "Klart"


def test_dialogue_open_needs_an_event(administrator):
    process = ProcessFactory(stage=Stage.QUESTIONS_APPROVED)
    assert refusal(process, Stage.DIALOGUE_OPEN, administrator) == [
        "Plan at least one dialogue event."
    ]
    DialogueEventFactory(process=process)
    process_move(process=process, to_stage=Stage.DIALOGUE_OPEN, moved_by=administrator)


def test_analysis_needs_an_opinion(administrator):
    process = ProcessFactory(stage=Stage.DIALOGUE_OPEN)
    assert refusal(process, Stage.ANALYSIS, administrator) == ["Register at least one opinion."]
    OpinionFactory(process=process)
    process_move(process=process, to_stage=Stage.ANALYSIS, moved_by=administrator)


def test_drafting_needs_every_opinion_coded_or_excluded(administrator):
    process = ProcessFactory(stage=Stage.ANALYSIS)
    coded = OpinionFactory(process=process)
    FinalCodingFactory(opinion=coded)
    uncoded = OpinionFactory.create_batch(2, process=process)
    assert refusal(process, Stage.DRAFTING, administrator) == [
        "2 opinions have no final coding and are not excluded."
    ]
    uncoded[0].status = Opinion.Status.EXCLUDED
    uncoded[0].exclusion_reason = "Innehåller en personuppgift."
    uncoded[0].save()
    assert refusal(process, Stage.DRAFTING, administrator) == [
        "1 opinion has no final coding and is not excluded."
    ]
    FinalCodingFactory(opinion=uncoded[1])
    process_move(process=process, to_stage=Stage.DRAFTING, moved_by=administrator)


def test_consultation_needs_version_consultee_and_deadline(administrator):
    process = ProcessFactory(stage=Stage.DRAFTING)
    strategy = StrategyFactory(process=process)
    assert refusal(process, Stage.CONSULTATION, administrator) == [
        "Mark a draft version for consultation.",
        "Add at least one consultee.",
        "Set the last day to respond to the consultation.",
    ]
    consultation = ConsultationFactory(strategy=strategy, deadline=None)
    assert refusal(process, Stage.CONSULTATION, administrator) == [
        "Add at least one consultee.",
        "Set the last day to respond to the consultation.",
    ]
    ConsulteeFactory(consultation=consultation)
    consultation.deadline = datetime.date(2014, 2, 1)
    consultation.save()
    process_move(process=process, to_stage=Stage.CONSULTATION, moved_by=administrator)


def test_revision_waits_for_the_consultation_period_to_end(administrator):
    process = ProcessFactory(stage=Stage.CONSULTATION)
    consultation = ConsultationFactory(
        strategy=StrategyFactory(process=process),
        sent_on=timezone.localdate(),
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    assert refusal(process, Stage.REVISION, administrator) == [
        "The consultation period has not ended yet."
    ]
    consultation.deadline = timezone.localdate() - datetime.timedelta(days=1)
    consultation.sent_on = consultation.deadline - datetime.timedelta(days=60)
    consultation.save()
    process_move(process=process, to_stage=Stage.REVISION, moved_by=administrator)


def test_adopted_needs_dispositions_final_version_and_decision(administrator):
    process = ProcessFactory(stage=Stage.REVISION)
    strategy = StrategyFactory(process=process)
    point = ResponsePointFactory(response__consultation__strategy=strategy)
    assert refusal(process, Stage.ADOPTED, administrator) == [
        "1 response point has no disposition.",
        "Mark a draft version as final.",
        "Record the council's decision.",
    ]
    point.disposition = ResponsePoint.Disposition.ACCEPTED
    point.save()
    DecisionFactory(strategy=strategy)
    assert DraftVersion.objects.filter(strategy=strategy, status="final").exists()
    process_move(process=process, to_stage=Stage.ADOPTED, moved_by=administrator)


def test_feedback_needs_every_public_opinion_reviewed(administrator):
    process = ProcessFactory(stage=Stage.ADOPTED)
    OpinionFactory(process=process, consent_to_publish=False)  # never shown: no review needed
    shown = OpinionFactory(process=process, consent_to_publish=True)
    assert refusal(process, Stage.FEEDBACK_PUBLISHED, administrator) == [
        "1 opinion to be shown publicly has not passed review."
    ]
    shown.publication = Opinion.Publication.APPROVED
    shown.published_text = shown.original_text
    shown.save()
    process_move(process=process, to_stage=Stage.FEEDBACK_PUBLISHED, moved_by=administrator)


def test_stages_are_taken_one_at_a_time(administrator):
    process = ProcessFactory()
    assert refusal(process, Stage.DIALOGUE_OPEN, administrator) == [
        "Stages are taken one at a time."
    ]


def test_moving_back_needs_a_note(administrator):
    process = ProcessFactory(stage=Stage.DIALOGUE_OPEN)
    assert refusal(process, Stage.PLANNING, administrator) == [
        "Say in a note why the process moves back."
    ]
    transition = process_move(
        process=process,
        to_stage=Stage.PLANNING,
        moved_by=administrator,
        note="Frågorna behöver skrivas om.",
    )
    assert transition.is_backward
    process.refresh_from_db()
    assert process.stage == Stage.PLANNING


def test_only_an_administrator_moves_back(strategist_user):
    process = ProcessFactory(stage=Stage.DIALOGUE_OPEN)
    with pytest.raises(PermissionDenied):
        process_move(process=process, to_stage=Stage.PLANNING, moved_by=strategist_user, note="Nej")
    process.refresh_from_db()
    assert process.stage == Stage.DIALOGUE_OPEN
