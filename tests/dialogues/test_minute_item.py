"""A minute item (paragraf) written as its number alone is kept with its "§"."""

import pytest

from dialogues.forms import MandateForm
from strategy.forms import DecisionForm


@pytest.mark.parametrize("form", [MandateForm, DecisionForm])
@pytest.mark.parametrize(
    ("typed", "kept"),
    [("12", "§ 12"), (" 54 ", "§ 54"), ("§12", "§ 12"), ("§ 61", "§ 61"), ("12 a", "§ 12 a")],
)
def test_a_minute_item_typed_as_a_number_is_kept_with_its_paragraph_sign(form, typed, kept):
    """Found in a browser walk: "12" typed as the mandate's paragraph read "Kommunstyrelsen
    (KS), 1 november 2026 12" on the staff page and "(12, KS 2026/99)" on the public one."""
    assert form.base_fields["minute_item"].clean(typed) == kept


def test_a_minute_item_in_other_words_is_kept_as_typed():
    assert MandateForm.base_fields["minute_item"].clean("Ärende 4") == "Ärende 4"


def test_a_short_name_made_from_a_title_with_markup_leaves_the_markup_out(db):
    """Found in a browser walk: "Lekplats i Lysvik <b>test</b> “citat”" gave the short name
    lekplats-i-lysvik-btestb-citat: the tags' letters were kept."""
    from dialogues.forms import ProcessForm

    form = ProcessForm(
        data={
            "title": "Lekplats i Lysvik <b>test</b> “citat”",
            "municipality": "Sunne kommun",
            "purpose": "Prov.",
        }
    )
    form.is_valid()
    assert form.cleaned_data["slug"] == "lekplats-i-lysvik-test-citat"
