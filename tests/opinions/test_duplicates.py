"""Near-duplicates: the same or nearly the same words grouped, and a group coded at once."""

import pytest
from django.urls import reverse

from opinions.analysis.duplicates import groups
from opinions.models import Coding
from tests.factories import CategoryFactory, OpinionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def test_nearly_identical_opinions_are_grouped_and_coded_at_once(client, strategist_user):
    process = ProcessFactory(slug="sunne", stage="analysis")
    trafik = CategoryFactory(process=process, name="Trafik")
    texts = [
        "Bättre bussar till Lysvik!",
        "bättre bussar till lysvik",
        "Bättre bussar till Lysvik.",
        "Bussar till Lysvik, bättre",  # the same words in another order
        "Bättre bussar till Gräsmark",  # another place: another opinion
        "Mer kultur för unga",
        "Mer kultur för unga!",
    ]
    opinions = [OpinionFactory(process=process, original_text=text) for text in texts]
    found = groups(process)
    assert [set(group) for group in found] == [
        {o.pk for o in opinions[:4]},
        {o.pk for o in opinions[5:7]},
    ]

    client.force_login(strategist_user)
    url = reverse("staff:duplicates", args=[process.slug])
    assert "hamnar 6 i 2 grupper" in client.get(url).content.decode()
    response = client.post(url, {"group": 0, "g-categories": [trafik.pk]}, follow=True)
    assert "4 kodningar gjordes i en grupp med 4 synpunkter." in response.content.decode()
    coded = set(Coding.objects.values_list("opinion_id", flat=True))
    assert coded == {o.pk for o in opinions[:4]}
    assert set(Coding.objects.values_list("coder", flat=True)) == {strategist_user.pk}
