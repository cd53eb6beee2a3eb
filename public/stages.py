"""The stages of a process as residents are told them: what is happening, in the words of the
person it happens to, not the staff's (no "coding", no "strategists"; "remiss" said with what it
means). The staff pages keep the stage names of dialogues/stages.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dialogues.stages import ORDER, Stage

FOR_RESIDENTS = {
    Stage.PLANNING: (
        _("We plan the dialogue"),
        _("We decide what the dialogue is about, what you can influence, and when and where "
          "we meet you."),
    ),
    Stage.QUESTIONS_APPROVED: (
        _("The questions are ready"),
        _("The questions we will ask you are set, and we are planning where to meet you."),
    ),
    Stage.DIALOGUE_OPEN: (
        _("Tell us what you think"),
        _("Now is the time to give us your opinions."),
    ),
    Stage.ANALYSIS: (
        _("We read the opinions"),
        _("We read and sort every opinion by what it is about, to see what matters most "
          "to you."),
    ),
    Stage.DRAFTING: (
        _("We write a proposal"),
        _("From what you said we write a proposal: a vision, goals, and targets that can "
          "be measured."),
    ),
    Stage.CONSULTATION: (
        _("The proposal is out for comment"),
        _("The proposal is sent out for consultation (remiss): associations, authorities "
          "and residents may say what they think of it."),
    ),
    Stage.REVISION: (
        _("We improve the proposal"),
        _("We go through what people said about the proposal and change it where needed."),
    ),
    Stage.ADOPTED: (
        _("Adopted by the politicians"),
        _("The elected politicians have decided: the proposal now applies."),
    ),
    Stage.FEEDBACK_PUBLISHED: (
        _("We have told you what happened"),
        _("Everyone can now read what became of the opinions, here and in the brochure."),
    ),
}  # fmt: skip


def label(stage: str) -> str:
    return str(FOR_RESIDENTS[stage][0])


def timeline(process) -> list[dict]:
    """Every stage with the day the process last reached it; the current one marked."""
    reached = {}
    for transition in process.transitions.order_by("moved_at"):
        reached[transition.to_stage] = transition.moved_at
    current = ORDER.index(process.stage)
    return [
        {
            "label": name,
            "description": description,
            "date": reached.get(value),
            "done": ORDER.index(value) < current,
            "current": value == process.stage,
        }
        for value, (name, description) in FOR_RESIDENTS.items()
    ]
