from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import DialogueEvent


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("The event template, another XLSX, ODS or CSV file, or a Polis comments.csv."),
    )
    event = forms.ModelChoiceField(
        label=_("Event"),
        queryset=DialogueEvent.objects.none(),
        required=False,
        help_text=_("The event the opinions were given at, if one."),
    )
    format = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[
            ("auto", _("Recognise it")),
            ("xlsx", _("Spreadsheet (XLSX, ODS)")),
            ("csv", _("CSV")),
            ("polis", _("Polis export")),
        ],
        initial="auto",
        required=False,
    )

    def clean_format(self):
        return self.cleaned_data["format"] or "auto"

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = process.events.order_by("starts_at")


FIELD_LABELS = {
    "text": _("Opinion"),
    "question": _("Question"),
    "respondent": _("Respondent number"),
    "age_band": _("Age"),
    "gender": _("Gender"),
    "area": _("Area"),
    "role": _("Role"),
    "consent": _("May be published"),
    "recorded_at": _("Date"),
    "polis_id": _("Polis id"),
    "moderated": _("Polis moderation"),
    "timestamp": _("Polis time"),
}


class OpinionCorrectForm(forms.Form):
    text = forms.CharField(label=_("Corrected text"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        required=False,
        help_text=_("For example: a word was misheard."),
    )


class OpinionDeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it deleted?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The opinion stays in the record, marked deleted, with this reason."),
    )
