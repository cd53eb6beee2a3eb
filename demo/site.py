"""Sunne kommun's site profile and the contacts of the demo's processes.

Everything but the municipality's name is invented and ILLUSTRATIVE: the colour, the logo (a
drawn sun, not the municipality's mark), the addresses, numbers and contact persons. A
municipality that installs the application sets its own on the staff page "The site".
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from core import public_data
from demo.frame import ILLUSTRATIVE, MUNICIPALITY, SLUG
from demo.open_process import OPEN_SLUG
from dialogues.models import Process
from public.site import current, site_profile_save

SITE = {
    "name": MUNICIPALITY,
    "brand_colour": "#1d5e3a",  # a forest green, 7.7:1 against white
    "controller": "Kommunstyrelsen, Sunne kommun",
    "controller_address": "Sunne kommun, 686 80 Sunne " + ILLUSTRATIVE,
    "controller_email": "kommun@sunne.se",
    "controller_phone": "0565-160 00",
    "dpo_name": "Dataskyddsombudet " + ILLUSTRATIVE,
    "dpo_email": "dataskyddsombud@sunne.se",
    "dpo_phone": "0565-160 10",
    "contact_email": "kommun@sunne.se",
    "contact_phone": "0565-160 00",
    "contact_address": "Kommunhuset, 686 80 Sunne " + ILLUSTRATIVE,
}

# slug: name, role, e-mail, phone (all ILLUSTRATIVE)
CONTACTS = {
    SLUG: (
        "Karin Lindqvist " + ILLUSTRATIVE,
        "Tillväxtstrateg, beredningens tjänstemannastöd",
        "karin.lindqvist@sunne.se",
        "0565-161 20",
    ),
    OPEN_SLUG: (
        "Jonas Berg " + ILLUSTRATIVE,
        "Trafikplanerare",
        "jonas.berg@sunne.se",
        "0565-161 35",
    ),
}


def _logo() -> SimpleUploadedFile:
    """A sun over a lake, drawn here (ILLUSTRATIVE: not the municipality's mark)."""
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 20, 120, 100), fill="#ffd24a")
    for y in (112, 128, 144):
        draw.rounded_rectangle((16, y, 144, y + 8), radius=4, fill="#ffffff")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return SimpleUploadedFile("sunne-sol.png", out.getvalue(), content_type="image/png")


def site_seed() -> None:
    """The site profile, once: an administrator's own changes are kept on a second run."""
    profile = current()
    if profile.updated_at is None:
        for name, value in SITE.items():
            setattr(profile, name, value)
        site_profile_save(profile=profile, logo=_logo())
    for process in Process.objects.filter(slug__in=CONTACTS, contact_name=""):
        name, role, email, phone = CONTACTS[process.slug]
        Process.objects.filter(pk=process.pk).update(
            contact_name=name, contact_role=role, contact_email=email, contact_phone=phone
        )
        public_data.changed(process)
