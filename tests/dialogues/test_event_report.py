"""The event report: people met, notes, and photos checked for type and size."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image

from dialogues.models import EventAttachment
from tests.factories import DialogueEventFactory

pytestmark = pytest.mark.django_db


def image(fmt: str, size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#ffcc00").save(out, format=fmt)
    return out.getvalue()


@pytest.fixture
def event(facilitator_user):
    event = DialogueEventFactory(slug="open-space", kind="open_space")
    event.facilitators.add(facilitator_user)
    return event


@pytest.fixture
def url(event):
    return reverse(
        "staff:event_report", kwargs={"slug": event.process.slug, "event_slug": event.slug}
    )


def test_headcount_and_notes(client, event, url, facilitator_user):
    client.force_login(facilitator_user)
    response = client.post(
        url,
        {"save_report": "1", "headcount": "87", "notes": "Många unga kom efter lunch."},
        follow=True,
    )
    assert "Rapporten har sparats." in response.content.decode()
    event.refresh_from_db()
    assert (event.headcount, event.notes) == (87, "Många unga kom efter lunch.")


def test_a_negative_headcount_is_refused_beside_the_field(client, event, url, facilitator_user):
    client.force_login(facilitator_user)
    response = client.post(url, {"save_report": "1", "headcount": "-3"})
    assert "Kontrollera att detta värde är större än eller lika med 0." in response.content.decode()
    event.refresh_from_db()
    assert event.headcount is None


def test_a_photo_is_kept_and_shown_to_staff_only(client, event, url, facilitator_user):
    client.force_login(facilitator_user)
    upload = SimpleUploadedFile("blädderblock.png", image("PNG"), content_type="image/png")
    response = client.post(
        url, {"add_photo": "1", "photo": upload, "caption": "Förmiddagen"}, follow=True
    )
    assert "Fotot har lagts till." in response.content.decode()
    attachment = EventAttachment.objects.get()
    assert attachment.caption == "Förmiddagen"
    photo_url = reverse("staff:attachment_file", kwargs={"pk": attachment.pk})
    shown = client.get(photo_url)
    assert shown.status_code == 200
    kept = Image.open(io.BytesIO(b"".join(shown.streaming_content)))
    assert (kept.format, kept.size) == ("PNG", (64, 48))
    client.logout()
    assert client.get(photo_url).status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lista.jpg", b"inte en bild", "Ladda upp en giltig bild."),
        ("rörelse.gif", image("GIF"), "Ladda upp ett foto i JPEG, PNG eller WebP."),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(client, url, facilitator_user, name, data, message):
    client.force_login(facilitator_user)
    response = client.post(url, {"add_photo": "1", "photo": SimpleUploadedFile(name, data)})
    assert message in response.content.decode()
    assert not EventAttachment.objects.exists()


@override_settings(EVENT_PHOTO_MAX_BYTES=1_000_000)
def test_a_photo_over_the_size_limit_is_refused(client, url, facilitator_user):
    client.force_login(facilitator_user)
    big = SimpleUploadedFile("stor.png", image("PNG", size=(1200, 1200)) + b"\0" * 1_500_000)
    response = client.post(url, {"add_photo": "1", "photo": big})
    assert "stor.png är större än 1 MB." in response.content.decode()
    assert not EventAttachment.objects.exists()


def test_a_photo_is_kept_without_its_camera_time_and_position(client, event, url, facilitator_user):
    exif = Image.Exif()
    exif[0x010F] = "Telefonens märke"  # Make
    exif[0x0132] = "2026:11:20 10:12:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (59.0, 50.0, 0.0), 3: "E", 4: (13.0, 8.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#ffcc00").save(out, format="JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(out.getvalue())).getexif()  # the upload carries it
    client.force_login(facilitator_user)
    upload = SimpleUploadedFile("blädder.jpg", out.getvalue())
    client.post(url, {"add_photo": "1", "photo": upload, "caption": "Post-it"})
    attachment = EventAttachment.objects.get()
    with attachment.file.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
    assert kept.size == (64, 48)
    assert not kept.getexif()
    assert "exif" not in kept.info


def test_uploaded_files_have_no_address_of_their_own_with_debug_on_too(settings):
    """Only the views that check who asks serve an upload; `make run` has DEBUG on."""
    import importlib

    from django.urls import Resolver404, resolve

    import sunnemodel.urls

    settings.DEBUG = True
    try:
        importlib.reload(sunnemodel.urls)
        with pytest.raises(Resolver404):
            resolve("/" + settings.MEDIA_URL + "events/blädder.png", urlconf=sunnemodel.urls)
    finally:
        settings.DEBUG = False
        importlib.reload(sunnemodel.urls)
