"""The residents' online form: an opinion per guiding question (and one on anything else), the
same optional profile as at an event, consent to publication, and a field no person sees."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from opinions.models import Respondent
from opinions.services.records import MAX_OPINION_LENGTH

OTHER = "answer-other"


class OnlineOpinionForm(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age"), choices=Respondent.AgeBand.choices, required=False, widget=forms.RadioSelect
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Respondent.Gender.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    area = forms.ModelChoiceField(
        label=_("Area where you live"), queryset=None, required=False, empty_label="–"
    )
    role = forms.ChoiceField(
        label=_("You answer as"),
        choices=Respondent.Role.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(
        label=_("My opinions may be published"),
        required=False,
        help_text=_(
            "On this site, once the municipality has checked them and taken out anything that "
            "could tell who someone is. They count in every figure either way."
        ),
    )
    # No person sees this field (nor does a screen reader); a program that fills in every
    # field does.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, questions, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        answers = {}
        for question in questions:
            name = f"answer-{question.pk}"
            self.questions[name] = question
            answers[name] = self._answer(question.text)  # the page's language, else Swedish
        answers[OTHER] = self._answer(
            _("Anything else you want to say?") if questions else _("Your opinion")
        )
        self.questions[OTHER] = None
        self.fields = {**answers, **self.fields}
        self.fields["area"].queryset = areas
        if not areas:
            del self.fields["area"]

    @staticmethod
    def _answer(label) -> forms.CharField:
        return forms.CharField(
            label=label,
            required=False,
            max_length=MAX_OPINION_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def answer_fields(self) -> list:
        """(field, its guiding question or None), for the page to label each in its
        language, marked where a question is only in Swedish."""
        return [(self[name], question) for name, question in self.questions.items()]

    def clean(self):
        data = super().clean()
        if not any(data.get(name, "").strip() for name in self.questions):
            raise forms.ValidationError(_("Write at least one opinion."), code="empty")
        return data

    def answers(self) -> list:
        """(question, text) for each opinion written, the question None for anything else."""
        return [
            (question, self.cleaned_data[name].strip())
            for name, question in self.questions.items()
            if self.cleaned_data.get(name, "").strip()
        ]

    def profile(self) -> dict:
        data = self.cleaned_data
        return {
            "age_band": data["age_band"],
            "gender": data["gender"],
            "area": data.get("area"),
            "role": data["role"],
        }
