"""The strategy's texts that residents read, in Swedish and English (core/translated.py)."""

from modeltranslation.translator import TranslationOptions, register, translator

from strategy.models import Decision, Goal, PolicyInput, ResponsePoint, Strategy, Target


@register(Strategy)
class StrategyTexts(TranslationOptions):
    fields = ("title", "vision")


class GoalTexts(TranslationOptions):
    fields = ("title", "description")


class TargetTexts(TranslationOptions):
    fields = ("indicator", "unit")


@register(PolicyInput)
class PolicyInputTexts(TranslationOptions):
    fields = ("title",)


class ResponsePointTexts(TranslationOptions):
    fields = ("summary", "reason")


class DecisionTexts(TranslationOptions):
    fields = ("text",)


# These models keep a history (django-simple-history): it keeps both languages too.
for model, texts in [
    (Goal, GoalTexts),
    (Target, TargetTexts),
    (ResponsePoint, ResponsePointTexts),
    (Decision, DecisionTexts),
]:
    translator.register([model, model.history.model], texts)
