import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.roles import ADMINISTRATOR, FACILITATOR
from core.translated import BothLanguagesForm
from core.uploads import check_size
from dialogues import contact, stages
from dialogues.models import (
    Body,
    DialogueEvent,
    GuidingQuestion,
    Mandate,
    OpenSpaceSession,
    ParticipationLevel,
    Process,
)


def slug_of(title: str) -> str:
    """The short name for an address made from a title: its words, not the letters of any
    markup pasted with it ("<b>test</b>" gives "test", not "btestb")."""
    return slugify(strip_tags(title))[:80]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ProcessForm(BothLanguagesForm, forms.ModelForm):
    participation_levels = forms.MultipleChoiceField(
        label=_("Participation levels"),
        choices=ParticipationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The steps of the participation ladder this process offers."),
    )

    class Meta:
        model = Process
        fields = [
            "title",
            "title_en",
            "slug",
            "municipality",
            "purpose",
            "purpose_en",
            "participation_levels",
            "starts_on",
            "ends_on",
            "is_public",
            "daily_statistics",
            "lessons",
            "lessons_en",
            *contact.FIELDS,
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens. Left empty, it is made from the title."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = slug_of(cleaned["title"])
            if not cleaned["slug"]:
                self.add_error("slug", _("Give a short name with letters or digits."))
            elif Process.objects.filter(slug=cleaned["slug"]).exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "slug", _("Another process already has this short name; choose another.")
                )
        return cleaned


class RulesOfTheGameForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "rules_influence",
            "rules_influence_en",
            "rules_input_use",
            "rules_input_use_en",
            "rules_feedback",
            "rules_feedback_en",
        ]
        widgets = {
            "rules_influence": forms.Textarea(attrs={"rows": 3}),
            "rules_input_use": forms.Textarea(attrs={"rows": 3}),
            "rules_feedback": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rules_influence", "rules_input_use", "rules_feedback"):
            self.fields[name].required = True  # in Swedish; the English is for the English site


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["municipality", "name", "abbreviation", "kind"]


class MinuteItemField(forms.CharField):
    """A minute item (paragraf) of the minutes: typed as its number alone ("12", "§12"), it is
    kept as the minutes write it, "§ 12"; in other words it is kept as typed."""

    def clean(self, value):
        value = super().clean(value)
        if number := re.fullmatch(r"§?\s*(\d+(?:\s*[a-zA-Z])?)", value):
            return f"§ {number[1]}"
        return value


class MandateForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = Mandate
        fields = [
            "issuing_body",
            "meeting_date",
            "minute_item",
            "case_number",
            "decision_text",
            "decision_text_en",
            "assigned_body",
            "staff_support",
            "deadline",
        ]
        field_classes = {"minute_item": MinuteItemField}
        widgets = {
            "meeting_date": DateInput(),
            "deadline": DateInput(),
            "decision_text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        bodies = Body.objects.filter(municipality=process.municipality)
        self.fields["issuing_body"].queryset = bodies
        self.fields["assigned_body"].queryset = bodies


class GuidingQuestionForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = GuidingQuestion
        fields = ["text", "text_en"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class DialogueEventForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = DialogueEvent
        fields = [
            "kind",
            "title",
            "title_en",
            "slug",
            "place",
            "place_en",
            "address",
            "accessibility",
            "accessibility_en",
            "starts_at",
            "ends_at",
            "target_groups",
            "target_groups_en",
            "facilitators",
            "questions",
            "announcement_date",
            "announcement_text",
            "press_release_date",
            "press_release_text",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "announcement_date": DateInput(),
            "press_release_date": DateInput(),
            "facilitators": forms.CheckboxSelectMultiple,
            "questions": forms.CheckboxSelectMultiple,
            "announcement_text": forms.Textarea(attrs={"rows": 3}),
            "press_release_text": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens. Left empty, it is made from the title."),
        }

    def __init__(self, *args, process: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.fields["slug"].required = False
        self.fields["questions"].queryset = process.questions.all()
        self.fields["facilitators"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=[FACILITATOR, ADMINISTRATOR])
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["facilitators"].label_from_instance = lambda user: (
            user.get_full_name() or user.username
        )

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug") or slug_of(cleaned.get("title") or "")
        if not slug and cleaned.get("title") is not None:
            self.add_error("slug", _("Give a short name with letters or digits."))
        taken = self.process.events.filter(slug=slug).exclude(pk=self.instance.pk)
        if slug and taken.exists():
            self.add_error("slug", _("Another event of this process already has this short name."))
        cleaned["slug"] = slug
        starts_at = cleaned.get("starts_at")
        if starts_at:
            for name in ("announcement_date", "press_release_date"):
                day = cleaned.get(name)
                if day and day > starts_at.date():
                    self.add_error(name, _("This date is after the event has started."))
        return cleaned


class OpenSpaceSessionForm(forms.ModelForm):
    class Meta:
        model = OpenSpaceSession
        fields = ["topic", "convener", "room", "starts_at", "report"]
        widgets = {"starts_at": DateTimeInput(), "report": forms.Textarea(attrs={"rows": 4})}


class StageMoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=stages.Stage.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when moving back."),
    )


class EventReportForm(forms.ModelForm):
    class Meta:
        model = DialogueEvent
        fields = ["headcount", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}


class EventPhotoForm(forms.Form):
    photo = forms.ImageField(
        label=_("Photo"),
        help_text=_("A photo of a flip-chart or post-its: JPEG, PNG or WebP, at most 10 MB."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}

    def clean_photo(self):
        photo = self.cleaned_data["photo"]
        check_size(photo.name, photo.size, settings.EVENT_PHOTO_MAX_BYTES)
        image_format = getattr(getattr(photo, "image", None), "format", None)
        if image_format not in self.ALLOWED_FORMATS:
            raise forms.ValidationError(_("Upload a JPEG, PNG or WebP photo."))
        return photo


class AreasForm(forms.Form):
    names = forms.CharField(
        label=_("Areas (kommundelar)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line, in the order they are offered to respondents."),
    )
