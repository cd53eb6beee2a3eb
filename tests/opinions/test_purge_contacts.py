import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opinions.models import Respondent, RespondentContact
from tests.factories import RespondentFactory

pytestmark = pytest.mark.django_db


def test_contacts_past_their_date_are_deleted_and_the_respondent_stays():
    today = timezone.localdate()
    old, kept = RespondentFactory(), RespondentFactory()
    for respondent, days in ((old, -1), (kept, 0)):
        RespondentContact.objects.create(
            respondent=respondent,
            email="eva@example.se",
            consent_given_at=timezone.now(),
            retain_until=today + datetime.timedelta(days=days),
        )
    out = io.StringIO()
    call_command("purge_contacts", stdout=out)
    assert "Deleted 1 contacts" in out.getvalue()
    assert list(RespondentContact.objects.values_list("respondent", flat=True)) == [kept.pk]
    assert Respondent.objects.count() == 2
