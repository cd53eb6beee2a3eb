"""The texts of the dialogue that residents read, kept in Swedish and English
(django-modeltranslation: `<field>_sv` and `<field>_en`; see core/translated.py)."""

from modeltranslation.translator import TranslationOptions, register

from dialogues.models import DialogueEvent, GuidingQuestion, Mandate, Process


@register(Process)
class ProcessTexts(TranslationOptions):
    fields = ("title", "purpose", "rules_influence", "rules_input_use", "rules_feedback", "lessons")


@register(DialogueEvent)
class EventTexts(TranslationOptions):
    fields = ("title", "place", "accessibility", "target_groups")


@register(GuidingQuestion)
class QuestionTexts(TranslationOptions):
    fields = ("text",)


@register(Mandate)
class MandateTexts(TranslationOptions):
    fields = ("decision_text",)
