"""The codebook's names as residents read them, in Swedish and English (core/translated.py)."""

from modeltranslation.translator import TranslationOptions, translator

from opinions.models import Category


class CategoryTexts(TranslationOptions):
    fields = ("name",)
    # A name is unique in its process, in each language: a missing English name is NULL, so
    # that two categories without one do not collide.
    empty_values = {"name": None}


# Its history (django-simple-history) keeps both languages too.
translator.register([Category, Category.history.model], CategoryTexts)
