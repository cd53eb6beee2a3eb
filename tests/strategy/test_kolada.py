"""Measurements from Kolada: a file in the shape of the API v3 answer fills the targets that
name the KPI; a bad file says what and where, and saves nothing."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from strategy.models import Goal, Measurement, Target
from strategy.services.follow_up import kolada_import
from tests.factories import ProcessFactory, StrategyFactory


def answer(*entries) -> bytes:
    """The shape of /v3/data/kpi/{kpi}/municipality/{id}."""
    return json.dumps({"count": len(entries), "values": list(entries)}).encode()


def entry(kpi="N00914", municipality="1766", period=2016, **genders):
    genders = genders or {"T": 12.5}
    return {
        "kpi": kpi,
        "municipality": municipality,
        "period": period,
        "values": [{"gender": g, "value": v, "status": "", "count": 1} for g, v in genders.items()],
    }


@pytest.fixture
def strategy(db):
    strategy = StrategyFactory(process=ProcessFactory(slug="sunne"))
    goal = Goal.objects.create(strategy=strategy, title="Fler i arbete")
    Target.objects.create(
        goal=goal,
        indicator="Andel förvärvsarbetande",
        direction="increase",
        source_kind="kolada",
        kolada_kpi="N00914",
        kolada_municipality="1766",
    )
    Target.objects.create(
        goal=goal,
        indicator="Invånare",
        direction="increase",
        source_kind="kolada",
        kolada_kpi="N01951",
        kolada_municipality="1766",
    )
    return strategy


def test_a_kolada_file_fills_the_measurements(strategy):
    data = answer(
        entry(period=2016, T=79.5, K=78.1, M=80.8),
        entry(period=2017, T=80.2),
        entry(kpi="N01951", period=2017, T=13212),
        entry(period=2018, T=None),  # Kolada's way of saying "no value"
    )
    result = kolada_import(strategy=strategy, data=data, name="kolada.json")
    assert (result.created, result.without_value) == (5, 1)
    rows = set(Measurement.objects.values_list("target__kolada_kpi", "period", "gender", "value"))
    assert rows == {
        ("N00914", "2016", "T", Decimal("79.5")),
        ("N00914", "2016", "K", Decimal("78.1")),
        ("N00914", "2016", "M", Decimal("80.8")),
        ("N00914", "2017", "T", Decimal("80.2")),
        ("N01951", "2017", "T", Decimal("13212")),
    }
    assert set(Measurement.objects.values_list("source", flat=True)) == {
        "Kolada N00914",
        "Kolada N01951",
    }
    again = kolada_import(strategy=strategy, data=data, name="kolada.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert Measurement.objects.count() == 5


def test_a_revised_value_replaces_the_old_one(strategy):
    kolada_import(strategy=strategy, data=answer(entry(T=79.5)), name="a.json")
    result = kolada_import(strategy=strategy, data=answer(entry(T=79.9)), name="b.json")
    assert result.updated == 1
    assert Measurement.objects.get().value == Decimal("79.9")


DEEP = b'{"values": [], "x": ' + b"[" * 900 + b"]" * 900 + b"}"  # json reads it
GOOD = entry(period=2015, T=70)  # a good entry first: it must not be saved either
BAD = [
    (b"{not json", "kolada.json är inte en JSON-fil från Kolada"),
    (json.dumps([1, 2]).encode(), 'kolada.json saknar listan "values" överst'),
    (answer(GOOD, entry(kpi="N99999")), "mäts med Koladas nyckeltal N99999 för kommun 1766"),
    (answer(entry(municipality="1780")), "N00914 bara för andra kommuner (1780), inte för 1766"),
    (answer(GOOD, entry(period="2016H1")), 'kolada.json, post 2: perioden "2016H1" är inte ett år'),
    (answer(GOOD, entry(period=None)), 'post 2: perioden "None" är inte ett år'),
    (answer(GOOD, entry(T="många")), "post 2: värdet ”många” är inte ett tal"),
    (answer(GOOD, entry(X=1)), "post 2: könet ”X” är inte T, K eller M"),
    (answer(), "kolada.json innehåller inga värden"),
    (DEEP, "kolada.json innehåller inga värden"),  # looked through without a recursion error
    # PostgreSQL cannot store U+0000 in text, and a status is kept as text.
    (answer(GOOD, entry(period=2017) | {"values": [{"gender": "T", "value": 1, "status": "\0"}]}),
     "kolada.json innehåller ett nolltecken (byte 0), som text inte kan innehålla"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "message"), BAD, ids=range(len(BAD)))
def test_a_bad_file_says_what_and_where_and_saves_nothing(strategy, data, message):
    with pytest.raises(ValidationError) as raised:
        kolada_import(strategy=strategy, data=data, name="kolada.json")
    assert any(message in text for text in raised.value.messages), raised.value.messages
    assert Measurement.objects.count() == 0


def test_the_command_imports_and_refuses_the_same_way(strategy, tmp_path, capsys):
    good = tmp_path / "sunne.json"
    good.write_bytes(answer(entry(T=79.5), entry(period=2017, T=80.1)))
    call_command("import_kolada", str(good), process="sunne")
    assert "2 new measurements" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_bytes(answer(entry(period=2018, T=81), entry(kpi="N00000")))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_kolada", str(bad), process="sunne")
    assert Measurement.objects.count() == 2


def test_the_follow_up_page_imports_a_file(client, strategy, strategist_user):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(strategist_user)
    url = reverse("staff:follow_up", args=["sunne"])
    upload = SimpleUploadedFile("kolada.json", answer(entry(period=2017, T=80.2)))
    response = client.post(url, {"file": upload}, follow=True)
    assert "Kolada: 1 nya mätvärden" in response.content.decode()
    assert "80,2 (2017)" in response.content.decode()  # a Swedish decimal comma
    bad = SimpleUploadedFile("fel.json", answer(entry(period="förra året")))
    page = client.post(url, {"file": bad}).content.decode()
    assert "fel.json, post 1: perioden" in page
    assert Measurement.objects.count() == 1


# ---- Kolada as the API gives it: pages, deleted values, other municipalities ---------------

PAGES = "https://api.kolada.se/v3/data/kpi/N00914/municipality/1766,0000,0017"


def page(number, last, *entries) -> bytes:
    """One page of a v3 answer: `next_url` and `previous_url` say where the others are."""
    return json.dumps(
        {
            "count": len(entries),
            "values": list(entries),
            "next_url": None if number == last else f"{PAGES}?page={number + 1}&per_page=2",
            "previous_url": None if number == 1 else f"{PAGES}?page={number - 1}&per_page=2",
        }
    ).encode()


def test_the_first_of_several_pages_alone_is_refused_saying_so(strategy):
    first = page(1, 3, entry(period=2016, T=79.5), entry(period=2017, T=80.2))
    with pytest.raises(ValidationError) as raised:
        kolada_import(strategy=strategy, data=first, name="sida1.json")
    assert "sida1.json är sida 1; sidan 2 saknas" in " ".join(raised.value.messages)
    assert Measurement.objects.count() == 0


def test_every_page_together_is_imported(strategy):
    pages = [
        ("sida2.json", page(2, 2, entry(period=2018, T=81.0))),
        ("sida1.json", page(1, 2, entry(period=2016, T=79.5), entry(period=2017, T=80.2))),
    ]
    result = kolada_import(strategy=strategy, pages=pages)
    assert result.created == 3
    assert list(Measurement.objects.values_list("period", flat=True)) == ["2016", "2017", "2018"]


def test_a_deleted_value_removes_the_measurement(strategy):
    kolada_import(strategy=strategy, data=answer(entry(period=2016, T=79.5)), name="a.json")
    deleted = entry(period=2016, T=79.5)
    deleted["values"][0]["isdeleted"] = True
    result = kolada_import(strategy=strategy, data=answer(deleted), name="b.json")
    assert result.removed == 1
    assert not Measurement.objects.exists()


def test_other_municipalities_are_kept_as_comparisons_beside_our_own(
    client, strategy, strategist_user
):
    data = answer(
        entry(period=2016, T=79.5),
        entry(period=2017, T=80.2),
        entry(municipality="0000", period=2016, T=77.0),
        entry(municipality="0000", period=2017, T=77.4),
        entry(municipality="0017", period=2017, T=78.9),
    )
    result = kolada_import(strategy=strategy, data=data, name="jamfor.json")
    assert (result.created, result.compared) == (2, 3)
    assert Measurement.objects.count() == 2  # the comparisons are not our measurements
    target = Target.objects.get(kolada_kpi="N00914")
    client.force_login(strategist_user)
    from django.urls import reverse

    html = client.get(reverse("staff:target_follow_up", args=["sunne", target.pk])).content
    html = html.decode()
    table = html.split('id="comparison-heading"')[1].split("</table>")[0]
    assert "Hela riket" in table
    assert "Län 0017" in table
    row_2017 = table.split('<th scope="row">2017</th>')[1].split("</tr>")[0]
    assert [cell.split(">")[1] for cell in row_2017.split("</td>")[:3]] == ["80,2", "77,4", "78,9"]
