from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.translated import BothLanguagesForm
from core.uploads import check_size
from core.widgets import ColourInput
from dialogues.models import DialogueEvent
from opinions.analysis.search import search_help
from opinions.models import Category, Coding, FinalCoding, Opinion, Respondent


def add_service_errors(form, error: ValidationError, *, field: str | None) -> None:
    """A service's ValidationError shown beside the form's fields (or beside `field`)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)


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

    def clean_file(self):
        return _not_too_large(self.cleaned_data["file"])

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


# Coding --------------------------------------------------------------------------------------

# Keys the workbench keeps for itself; a category's shortcut must be another.
RESERVED_KEYS = set("jkxmuar/?") | {" "}


class CategoryForm(BothLanguagesForm, forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "name",
            "name_en",
            "definition",
            "include_notes",
            "exclude_notes",
            "colour",
            "key",
            "order",
            "parent",
        ]
        widgets = {
            "colour": ColourInput,
            "definition": forms.Textarea(attrs={"rows": 2}),
            "include_notes": forms.Textarea(attrs={"rows": 2}),
            "exclude_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        parents = Category.objects.for_process(process).in_codebook()
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["key"].help_text = _(
            "One letter or digit that codes an opinion in the workbench "
            "(not a, j, k, m, r, u or x)."
        )

    def _others(self):
        return Category.objects.for_process(self.instance.process).exclude(pk=self.instance.pk)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        # The Swedish names, whatever language the page is in (the English ones may be empty).
        if self._others().filter(name_sv__iexact=name).exists():
            raise forms.ValidationError(_("The codebook already has a category by that name."))
        return name

    def clean_key(self):
        key = self.cleaned_data["key"].strip().lower()
        if key in RESERVED_KEYS:
            raise forms.ValidationError(
                _("The workbench uses %(key)s itself; choose another key.") % {"key": key}
            )
        taken = self._others().in_codebook().filter(key=key).first() if key else None
        if taken:
            raise forms.ValidationError(
                _("%(category)s already has this key.") % {"category": taken.name}
            )
        return key


class CategoryMergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Category.objects.none())

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Category.objects.for_process(category.process_id).in_codebook().exclude(pk=category.pk)
        )


class CategorySplitForm(forms.Form):
    names = forms.CharField(
        label=_("New categories"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line, at least two."),
    )


def _not_too_large(upload):
    check_size(upload.name, upload.size, settings.IMPORT_MAX_BYTES)
    return upload


class CodebookImportForm(forms.Form):
    file = forms.FileField(
        label=_("Codebook file"),
        help_text=_("A CSV file exported from here, or a REFI-QDA codebook (.qdc)."),
    )

    def clean_file(self):
        return _not_too_large(self.cleaned_data["file"])


class SampleForm(forms.Form):
    share = forms.IntegerField(
        label=_("Share of the opinions (%)"),
        min_value=1,
        max_value=100,
        initial=10,
        help_text=_("Drawn at random among the opinions in the analysis, once."),
    )


class ExcludeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for exclusion"), max_length=500)


class MemoForm(forms.Form):
    memo = forms.CharField(
        label=_("Memo"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReconcileForm(forms.Form):
    categories = forms.ModelMultipleChoiceField(
        label=_("Final categories"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, process, codebook: list[Category] | None = None, **kwargs):
        """`codebook`, the process's categories read once, spares a page of these forms a
        query each to show them (the choices given are checked against the process on POST)."""
        super().__init__(*args, **kwargs)
        field = self.fields["categories"]
        field.queryset = Category.objects.for_process(process).in_codebook()
        if codebook is not None:
            field.choices = [(c.pk, field.label_from_instance(c)) for c in codebook]


NOT_GIVEN = "none"  # a profile filter's value for the opinions where it was not given


def _or_not_given(choices) -> list:
    return [("", _("All")), *choices, (NOT_GIVEN, _("not given"))]


# The profile filters: the field, its lookup, and whether "not given" may also be an empty text.
PROFILE_FILTERS = [
    ("event", "event", False),
    ("kind", "event__kind", True),
    ("question", "question", False),
    ("role", "respondent__role", True),
    ("age_band", "respondent__age_band", True),
    ("gender", "respondent__gender", True),
    ("area", "respondent__area", False),
]


class CodingFilterForm(forms.Form):
    """The workbench's filters; every one is optional and they combine. The analysis links
    each of its figures to the list filtered by them (`final` and the profile, where "none"
    stands for not given)."""

    STATES = [
        ("", _("All")),
        ("uncoded", _("Not coded")),
        ("coded", _("Coded")),
        ("disagreement", _("Coders disagree")),
        ("unsettled", _("Without final coding")),
        ("excluded", _("Excluded")),
    ]

    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATES, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    final = forms.ModelChoiceField(
        label=_("In the final coding"), queryset=Category.objects.none(), required=False
    )
    coder = forms.ModelChoiceField(
        label=_("Coder"), queryset=get_user_model().objects.none(), required=False
    )
    event = forms.ModelChoiceField(
        label=_("Event"), queryset=DialogueEvent.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    question = forms.ChoiceField(label=_("Question"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=_or_not_given(Respondent.Role.choices), required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=_or_not_given(Respondent.AgeBand.choices), required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=_or_not_given(Respondent.Gender.choices), required=False
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    ORDERS = [
        ("", _("As registered")),
        ("uncertain", _("Not coded, the model's most uncertain first")),
    ]
    order = forms.ChoiceField(
        label=_("Order"),
        choices=ORDERS,
        required=False,
        help_text=_(
            "Coding first what the suggestion model is least sure of teaches it the most "
            "(after the next training)."
        ),
    )

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.for_process(process)
        self.fields["final"].queryset = Category.objects.for_process(process).in_codebook()
        # Those who coded here, found through the process's categories (a handful) rather than
        # its opinions: a distinct over every coding joined to every opinion took 1.8 s at
        # 2,000,000 opinions. A coding's category is always of its opinion's process.
        coded_here = Coding.objects.filter(coder=OuterRef("pk"), category__process=process)
        self.fields["coder"].queryset = (
            get_user_model().objects.filter(Exists(coded_here)).order_by("first_name", "username")
        )
        self.fields["event"].queryset = process.events.order_by("starts_at")
        self.fields["kind"].choices = _or_not_given(DialogueEvent.Kind.choices)
        # Read only when the field is shown or given (a callable's choices are lazy).
        questions, areas = process.questions.order_by("order"), process.areas.all()
        self.fields["question"].choices = lambda: _or_not_given((q.pk, str(q)) for q in questions)
        self.fields["area"].choices = lambda: _or_not_given((a.pk, str(a)) for a in areas)
        self.fields["q"].help_text = search_help(connections[Opinion.objects.db].vendor)

    def filter(self, opinions):
        """The opinions that pass every filter given."""
        if not self.is_valid():
            return opinions
        data = self.cleaned_data
        if data["q"]:
            opinions = opinions.search(data["q"])
        state = data["state"]
        if state == "uncoded":
            opinions = opinions.uncoded()
        elif state == "coded":
            opinions = opinions.coded()
        elif state == "disagreement":
            opinions = opinions.in_disagreement()
        elif state == "unsettled":
            opinions = opinions.awaiting_final_coding()
        elif state == "excluded":
            opinions = opinions.filter(status=Opinion.Status.EXCLUDED)
        coded_by = {}
        if data["category"]:
            coded_by["category"] = data["category"]
        if data["coder"]:
            coded_by["coder"] = data["coder"]
        if coded_by:
            codings = Coding.objects.filter(opinion=OuterRef("pk"), **coded_by)
            opinions = opinions.filter(Exists(codings))
        if data["final"]:
            final = FinalCoding.objects.filter(opinion=OuterRef("pk"), category=data["final"])
            opinions = opinions.filter(Exists(final))
        for field, lookup, text in PROFILE_FILTERS:
            value = data[field]
            if value == NOT_GIVEN:
                not_given = Q(**{f"{lookup}__isnull": True})
                opinions = opinions.filter(not_given | Q(**{lookup: ""}) if text else not_given)
            elif value:
                opinions = opinions.filter(**{lookup: value})
        if data["order"] == "uncertain":
            waiting = opinions.uncoded().without_final_coding()
            opinions = waiting.most_uncertain_first()
        return opinions

    def neighbours(self, opinions, opinion) -> tuple[int | None, int | None]:
        """The ids before and after `opinion` in the list's order."""
        if self.is_valid() and self.cleaned_data["order"] == "uncertain":
            return opinions.neighbours_by_certainty(opinion)
        return opinions.neighbours(opinion)


class PopulationForm(forms.Form):
    """One field per group of residents: age bands, genders, the process's areas."""

    def __init__(self, *args, process, **kwargs):
        from opinions.analysis.representation import groups
        from opinions.models import PopulationFigure

        super().__init__(*args, **kwargs)
        current = {
            (f.dimension, f.value): f.count
            for f in PopulationFigure.objects.filter(process=process)
        }
        self.groups = {}
        for dimension, choices in groups(process).items():
            for index, (value, label) in enumerate(choices):
                name = f"{dimension}_{index}"
                self.fields[name] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    required=False,
                    initial=current.get((dimension, value)),
                )
                self.groups[name] = (dimension, value)

    def figures(self) -> dict[tuple[str, str], int]:
        return {
            self.groups[name]: value
            for name, value in self.cleaned_data.items()
            if value is not None
        }

    def fields_of(self, dimension: str):
        return [self[name] for name, (d, _v) in self.groups.items() if d == dimension]


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("Population file (SCB's JSON-stat, CSV or XLSX)"),
        help_text=_(
            "A table from SCB's Statistikdatabasen (population by region, one-year age and sex) "
            "as its API's JSON-stat or PxWeb's CSV or XLSX export, or a CSV with the columns "
            "dimension, value and count. Of several regions, the process's municipality is "
            "taken; of several years, the latest."
        ),
    )

    def clean_file(self):
        return _not_too_large(self.cleaned_data["file"])
