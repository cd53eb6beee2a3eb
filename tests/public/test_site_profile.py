"""The municipality's own site: its name, logo and colour set by an administrator, a colour
refused when white text on it cannot be read, a logo refused when it is not an image or would
take too much to open, and every page showing the municipality rather than the tool."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from public.models import SiteProfile
from public.site import contrast, current
from tests.factories import ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/staff/site/"


def png(size=(64, 48), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "#1d5e3a" if mode == "RGB" else 0).save(out, format="PNG")
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "#1d5e3a").save(out, format="GIF")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A small file whose header says it is an image of width × height pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def form(**changes) -> dict:
    data = {
        "name": "Sunne kommun",
        "brand_colour": "#1d5e3a",
        "controller": "Kommunstyrelsen",
        "controller_address": "",
        "controller_email": "kommun@sunne.se",
        "controller_phone": "0565-160 00",
        "dpo_name": "",
        "dpo_email": "dataskyddsombud@sunne.se",
        "dpo_phone": "",
        "records_retention": "",
        "contact_email": "kommun@sunne.se",
        "contact_phone": "0565-160 00",
        "contact_address": "",
    }
    return {**data, **changes}


def test_the_contrast_of_two_colours_is_as_wcag_computes_it():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#ffffff", "#ffffff"), 1) == 1.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54  # the lightest grey that passes


@pytest.mark.parametrize("colour", ["#ffcc00", "#7fb2e5", "#ffffff"])
def test_a_colour_white_text_cannot_be_read_on_is_refused(administrator_client, colour):
    response = administrator_client.post(URL, form(brand_colour=colour))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Färgen {colour} har bara en kontrast på" in page
    assert "minst 4,5:1" in page
    assert not SiteProfile.objects.exists()


def test_a_dark_enough_colour_is_kept_and_colours_the_header(administrator_client, client):
    response = administrator_client.post(URL, form(brand_colour="#1D5E3A"), follow=True)
    assert "Webbplatsen har sparats." in response.content.decode()
    profile = current()
    assert profile.brand_colour == "#1d5e3a"
    client.logout()
    home = client.get(reverse("home")).content.decode()
    sheet = f"/utseende.css?v={profile.version}"
    assert sheet in home
    assert ".site-header { background-color: #1d5e3a; }" in client.get(sheet).content.decode()


def test_the_header_names_the_municipality_and_logging_in_is_in_the_footer(
    administrator_client, client
):
    ProcessFactory(slug="sunne", is_public=True)
    before = client.get(reverse("public:process", args=["sunne"])).content.decode()
    assert ">Sunnemodellen</span>" in before  # a fresh install, before the profile is set
    administrator_client.post(URL, form(name="Sunne kommun"))
    client.logout()
    page = client.get(reverse("public:process", args=["sunne"])).content.decode()
    header = page.split("<header>")[1].split("</header>")[0]
    footer = page.split("<footer")[1].split("</footer>")[0]
    assert "Sunne kommun" in header  # the cached page was made anew
    assert "Logga in" not in header
    assert "Logga in (personal)" in footer
    assert "kommun@sunne.se" in footer


def test_a_logo_is_kept_without_its_metadata_and_shown_in_the_header(administrator_client, client):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (59.0, 50.0, 0.0), 3: "E", 4: (13.0, 8.0, 0.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (300, 120), "#1d5e3a").save(out, format="JPEG", exif=exif.tobytes())
    logo = SimpleUploadedFile("logga.jpg", out.getvalue())
    administrator_client.post(URL, {**form(), "new_logo": logo})
    profile = current()
    client.logout()
    page = client.get(reverse("home")).content.decode()
    address = f"/logotyp?v={profile.version}"
    assert f'src="{address}"' in page
    response = client.get(address)
    assert response.status_code == 200
    kept = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (kept.format, kept.size) == ("JPEG", (300, 120))
    assert not kept.getexif()
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logga.png", b"inte en bild alls", "logga.png \u00e4r ingen bild."),
        ("logga.gif", gif(), "Ladda upp logotypen som PNG, JPEG eller WebP."),
        ("stor.png", png((3000, 200), mode="1"), "stor.png \u00e4r st\u00f6rre \u00e4n 2000"),
        ("bomb.png", png_claiming(100_000, 100_000), "bomb.png \u00e4r st\u00f6rre \u00e4n 2000"),
    ],
)
def test_a_logo_that_is_not_an_image_or_too_large_is_refused(
    administrator_client, name, data, message
):
    response = administrator_client.post(
        URL, {**form(), "new_logo": SimpleUploadedFile(name, data)}
    )
    assert message in response.content.decode()
    assert not SiteProfile.objects.exists()


def test_a_logo_over_a_megabyte_is_refused(administrator_client):
    big = SimpleUploadedFile("tung.png", png() + b"\0" * 1_100_000)
    response = administrator_client.post(URL, {**form(), "new_logo": big})
    assert "tung.png är större än 1 MB." in response.content.decode()


@pytest.mark.parametrize("role", ["facilitator", "strategist", "politician"])
def test_only_an_administrator_sets_the_site(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form(name="Någon annan")).status_code == 403
    assert not SiteProfile.objects.exists()


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
