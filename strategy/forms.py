from django import forms
from django.utils.translation import gettext_lazy as _

from core.translated import BothLanguagesForm
from dialogues.forms import DateInput, MinuteItemField
from dialogues.models import Body
from opinions.models import Category, Opinion
from strategy.models import (
    Assessment,
    Consultee,
    DraftVersion,
    Goal,
    Measurement,
    PolicyInput,
    Response,
    ResponsePoint,
    Strategy,
    Target,
)


class StrategyForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "title_en", "vision", "vision_en", "period_start", "period_end"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}


class PolicyInputForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = PolicyInput
        fields = ["title", "title_en", "kind", "reference", "excerpt"]
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 4})}


class GoalForm(BothLanguagesForm, forms.ModelForm):
    opinion_ids = forms.CharField(
        label=_("Opinions it draws on"),
        required=False,
        help_text=_("The numbers of the opinions, separated by spaces or commas."),
    )

    class Meta:
        model = Goal
        fields = [
            "title",
            "title_en",
            "description",
            "description_en",
            "categories",
            "policy_inputs",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "categories": forms.CheckboxSelectMultiple,
            "policy_inputs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["categories"].queryset = Category.objects.for_process(
            strategy.process
        ).in_codebook()
        self.fields["policy_inputs"].queryset = PolicyInput.objects.filter(strategy=strategy)
        if self.instance.pk and not self.is_bound:
            self.initial["opinion_ids"] = " ".join(
                str(pk) for pk in self.instance.opinions.order_by("pk").values_list("pk", flat=True)
            )

    def clean_opinion_ids(self):
        raw = self.cleaned_data["opinion_ids"].replace(",", " ").split()
        wrong = [value for value in raw if not value.isdigit()]
        if wrong:
            raise forms.ValidationError(
                _("“%(value)s” is not an opinion's number.") % {"value": wrong[0]}
            )
        ids = {int(value) for value in raw}
        found = Opinion.objects.filter(process=self.strategy.process, pk__in=ids)
        missing = ids - set(found.values_list("pk", flat=True))
        if missing:
            raise forms.ValidationError(
                _("This process has no opinion number %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in sorted(missing))}
            )
        return list(found)


class TargetForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = Target
        fields = [
            "goal",
            "indicator",
            "indicator_en",
            "unit",
            "unit_en",
            "direction",
            "baseline_year",
            "baseline_value",
            "target_year",
            "target_value",
            "source_kind",
            "kolada_kpi",
            "kolada_municipality",
            "source_note",
            "responsible_body",
        ]

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.for_strategy(strategy)
        self.fields["responsible_body"].queryset = Body.objects.order_by("name")


class VersionTextForm(forms.ModelForm):
    class Meta:
        model = DraftVersion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 18, "class": "font-monospace"})}
        help_texts = {
            "text": _(
                "The document's own sections in Markdown (# Heading, **bold**, - lists). The "
                "vision, goals and targets follow from the data."
            )
        }


class VersionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (DraftVersion.Status.WORKING, DraftVersion.Status.WORKING.label),
            (DraftVersion.Status.FOR_REVIEW, DraftVersion.Status.FOR_REVIEW.label),
            (DraftVersion.Status.FINAL, DraftVersion.Status.FINAL.label),
        ],
    )


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Part of the document"), required=False)
    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        """`sections`: the anchor and the name of each section of the version."""
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole version")), *sections]


SWEDISH_KINDS = {
    "parti": Consultee.Kind.PARTY,
    "förening": Consultee.Kind.ASSOCIATION,
    "myndighet": Consultee.Kind.AUTHORITY,
    "nämnd": Consultee.Kind.COMMITTEE,
    "företag": Consultee.Kind.BUSINESS,
    "invånare": Consultee.Kind.RESIDENT,
    "övrigt": Consultee.Kind.OTHER,
}


class ConsultationForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent"), widget=DateInput())
    deadline = forms.DateField(label=_("Last day to respond"), widget=DateInput())
    consultees = forms.CharField(
        label=_("Consultees"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One per line: the name, and after a semicolon its kind (party, association, "
            "authority, committee, business, resident) and an e-mail address if wanted."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("sent_on") and data.get("deadline") and data["deadline"] < data["sent_on"]:
            self.add_error("deadline", _("The last day to respond is before the sending."))
        return data

    def clean_consultees(self):
        from strategy.services.consultation import Invitee

        kinds = {value: value for value in Consultee.Kind.values}
        kinds.update({str(label).lower(): value for value, label in Consultee.Kind.choices})
        kinds.update(SWEDISH_KINDS)
        invitees = []
        for number, line in enumerate(self.cleaned_data["consultees"].splitlines(), start=1):
            parts = [part.strip() for part in line.split(";")]
            if not parts[0]:
                continue
            kind = Consultee.Kind.OTHER
            email = ""
            for part in parts[1:]:
                if "@" in part:
                    email = part
                elif part:
                    if part.lower() not in kinds:
                        raise forms.ValidationError(
                            _("Line %(line)d: “%(kind)s” is not a kind of consultee.")
                            % {"line": number, "kind": part}
                        )
                    kind = kinds[part.lower()]
            invitees.append(Invitee(name=parts[0][:200], kind=kind, email=email))
        if not invitees:
            raise forms.ValidationError(_("Name at least one consultee."))
        return invitees


class ConsulteeForm(forms.ModelForm):
    class Meta:
        model = Consultee
        fields = ["name", "kind", "email"]


class ResponseForm(forms.ModelForm):
    consultee = forms.ModelChoiceField(
        label=_("Who answered"), queryset=Consultee.objects.none(), required=False
    )
    new_consultee = forms.CharField(
        label=_("Or someone who answered on their own"),
        required=False,
        max_length=200,
        help_text=_("Anyone may answer a consultation: a resident's answer counts."),
    )
    points = forms.CharField(
        label=_("Points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The response broken into points, one per line."),
    )

    class Meta:
        model = Response
        fields = ["received_on", "case_number", "position", "text", "file"]
        widgets = {"received_on": DateInput(), "text": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"file": _("The response as a PDF, if it came as one.")}

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultee"].queryset = consultation.consultees.all()
        self.order_fields(["consultee", "new_consultee"])


class PointForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = ResponsePoint
        fields = ["disposition", "reason", "reason_en", "changed_in"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"reason": _("Required when the point is not accepted.")}

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disposition"].required = True
        self.fields["changed_in"].queryset = DraftVersion.objects.for_strategy(strategy)


class AddPointForm(forms.Form):
    summary = forms.CharField(label=_("New point"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Version adopted"), queryset=None)
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.order_by("name"))
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    minute_item = MinuteItemField(label=_("Minute item (§)"), max_length=20)
    case_number = forms.CharField(label=_("Case number (dnr)"), max_length=50)
    text = forms.CharField(
        label=_("Decision text (Swedish)"), widget=forms.Textarea(attrs={"rows": 4, "lang": "sv"})
    )
    text_en = forms.CharField(
        label=_("Decision text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
        help_text=_(
            "For the English site. Left empty, the English site shows the Swedish text, "
            "marked as only in Swedish."
        ),
    )
    minutes_approved_on = forms.DateField(
        label=_("Minutes approved (justering)"), widget=DateInput(), required=False
    )
    announced_on = forms.DateField(
        label=_("Minutes announced on the notice board"),
        widget=DateInput(),
        required=False,
        help_text=_("The last day to appeal is counted from this date: three weeks after."),
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = DraftVersion.objects.for_strategy(strategy).filter(
            decisions__isnull=True
        )
        self.fields["version"].label_from_instance = lambda version: (
            _("Version %(number)d (%(status)s)")
            % {"number": version.number, "status": version.get_status_display()}
        )


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["period", "value", "gender", "source", "is_provisional"]

    def validate_unique(self):
        """A period already measured is not an error: `measurement_save` replaces its value."""


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["year", "verdict", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}


class _Pages(forms.ClearableFileInput):
    allow_multiple_selected = True


class _PagesField(forms.FileField):
    """One file or several (the pages of one answer)."""

    MAX_PAGES = 50

    def __init__(self, **kwargs):
        super().__init__(widget=_Pages(), **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > self.MAX_PAGES:
            raise forms.ValidationError(
                _("Choose at most %(count)d files at a time.") % {"count": self.MAX_PAGES}
            )
        return [super(_PagesField, self).clean(file, initial) for file in files]


class KoladaForm(forms.Form):
    file = _PagesField(
        label=_("Kolada files (JSON)"),
        help_text=_(
            "Saved from the Kolada API: /v3/data/kpi/{kpi}/municipality/{ids}; an answer of "
            "several pages as all its files together. Values are matched to the targets on "
            "KPI and year: the target's own municipality as measurements, others (the county, "
            "0000 for the whole country) as comparisons."
        ),
    )
