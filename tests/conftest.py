import pytest
from django.conf import settings
from django.utils import translation

from core.roles import ADMINISTRATOR, FACILITATOR, POLITICIAN, STRATEGIST
from tests.factories import UserFactory

ROLES = [ADMINISTRATOR, FACILITATOR, STRATEGIST, POLITICIAN]


@pytest.fixture
def administrator(db):
    return UserFactory(username="anna-admin", role=ADMINISTRATOR)


@pytest.fixture
def facilitator_user(db):
    return UserFactory(username="fredrik-facilitator", role=FACILITATOR)


@pytest.fixture
def strategist_user(db):
    return UserFactory(username="sara-strategist", role=STRATEGIST)


@pytest.fixture
def politician_user(db):
    return UserFactory(username="per-politician", role=POLITICIAN)


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture(autouse=True)
def swedish_by_default():
    """Each test starts in Swedish, as a user without a language choice does.

    A request leaves its language active in the thread; without this, one test's /en/
    request would make the next test's reverse() English.
    """
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no page cached, no receipt lookup counted."""
    from core import public_cache

    public_cache.clear()
    yield
    public_cache.clear()


@pytest.fixture(autouse=True)
def public_writes_are_announced():
    """What a request changes of what residents see, it announces (tests/public_data_guard.py)."""
    from tests.public_data_guard import Guard

    guard = Guard()
    guard.connect()
    yield guard
    guard.disconnect()
    assert not guard.unannounced, "\n".join(guard.unannounced)
