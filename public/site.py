"""The municipality's own site: its name, logo and colour, who answers for the personal data,
and the contact in every page's footer. One row (SiteProfile), set by an administrator.

A colour is taken only when white text on it, and it on the page's white, can be read by
everyone: a contrast of at least 4.5:1 (WCAG 2.1, 1.4.3). A logo is a PNG, JPEG or WebP image of
at most LOGO_MAX_BYTES and LOGO_MAX_SIDE pixels a side, kept without its metadata (as every photo
is, core/uploads.py) and served through a view like every other upload, never from an address
of its own.
"""

from __future__ import annotations

import re
import warnings

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from core import public_data
from core.permissions import public, view_rules
from core.uploads import check_size, megabytes, without_metadata
from core.widgets import ColourInput
from dialogues.models import Process
from public.models import SiteProfile

TEXT_ON_BRAND = "#ffffff"  # the header's text
PAGE_BACKGROUND = "#ffffff"  # where the colour is a line or a border on the page
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text
LOGO_MAX_BYTES = 1_000_000
LOGO_MAX_SIDE = 2000  # pixels; the header shows it 40 pixels high
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
HEX = re.compile(r"#[0-9a-f]{6}")


CACHE_KEY = "site-profile"
CACHE_SECONDS = 600  # a safety net: every save forgets it (public/apps.py)


def current() -> SiteProfile:
    """The site's profile, or its defaults before an administrator has set it. Every page shows
    it, so it is kept in the cache (shared by the server processes when that is Redis) rather
    than read from the database for each page; a save of the profile forgets it."""
    profile = cache.get(CACHE_KEY)
    if profile is None:
        profile = SiteProfile.objects.filter(pk=SiteProfile.ONE).first()
        profile = profile or SiteProfile(pk=SiteProfile.ONE)
        cache.set(CACHE_KEY, profile, CACHE_SECONDS)
    return profile


def forget(**_kwargs) -> None:
    cache.delete(CACHE_KEY)


# The colour ------------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour, as WCAG 2.1 defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The contrast ratio of two #rrggbb colours: from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colour_check(value: str) -> str:
    """The colour as #rrggbb, or a refusal that says what is wrong and what to do."""
    colour = value.strip().lower()
    if not HEX.fullmatch(colour):
        raise ValidationError(_("Give the colour as # and six hexadecimal digits: #0b3d91."))
    against = [
        (TEXT_ON_BRAND, _("the white text of the header")),
        (PAGE_BACKGROUND, _("the white background of the page")),
    ]
    for other, what in against:
        ratio = contrast(colour, other)
        if ratio < MIN_CONTRAST:
            raise ValidationError(
                _(
                    "The colour %(colour)s has a contrast of only %(ratio)s:1 against %(what)s; "
                    "at least 4.5:1 is needed for everyone to read it. Choose a darker colour."
                )
                % {"colour": colour, "ratio": f"{ratio:.1f}".replace(".", ","), "what": what}
            )
    return colour


# The logo --------------------------------------------------------------------------------------


def logo_check(upload) -> str:
    """Refuse a file that is not a PNG, JPEG or WebP image, or is too large in bytes or in
    pixels (an image can claim a size that would take gigabytes to open); the format if not."""
    check_size(upload.name, upload.size, LOGO_MAX_BYTES)
    too_large = ValidationError(
        _("%(file)s is larger than %(side)s × %(side)s pixels. Make the logo smaller.")
        % {"file": upload.name, "side": LOGO_MAX_SIDE}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format, (width, height) = image.format, image.size
                if max(width, height) > LOGO_MAX_SIDE:
                    raise too_large
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except ValidationError:
        raise
    except Exception:  # Pillow says "not an image" in many ways: a file it cannot read
        raise ValidationError(
            _("%(file)s is not an image. Upload the logo as PNG, JPEG or WebP.")
            % {"file": upload.name}
        ) from None
    finally:
        upload.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Upload the logo as PNG, JPEG or WebP."))
    return image_format


# The write -------------------------------------------------------------------------------------


@transaction.atomic
def site_profile_save(*, profile: SiteProfile, logo=None, remove_logo: bool = False):
    """Save the site's profile; a new logo is kept without its metadata. Every public page
    shows the header and footer, so every page is made anew."""
    profile.brand_colour = colour_check(profile.brand_colour)
    old_logo = profile.logo.name if profile.logo else ""
    if remove_logo:
        profile.logo = ""
    if logo is not None:
        image_format = logo_check(logo)
        clean = without_metadata(logo)
        clean.name = f"logo.{LOGO_FORMATS[image_format]}"
        profile.logo = clean
    profile.updated_at = timezone.now()
    profile.full_clean()
    profile.save()
    if old_logo and old_logo != profile.logo.name:
        storage = profile.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    public_data.changed(*Process.objects.values_list("slug", flat=True), site=True)
    return profile


# The staff page --------------------------------------------------------------------------------


class SiteProfileForm(forms.ModelForm):
    new_logo = forms.FileField(label=gettext_lazy("Logo"), required=False)
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)

    field_order = ["name", "new_logo", "remove_logo", "brand_colour"]

    class Meta:
        model = SiteProfile
        fields = [
            "name",
            "brand_colour",
            "controller",
            "controller_address",
            "controller_email",
            "controller_phone",
            "dpo_name",
            "dpo_email",
            "dpo_phone",
            "records_retention",
            "contact_email",
            "contact_phone",
            "contact_address",
        ]
        widgets = {
            "brand_colour": ColourInput,
            "controller_address": forms.Textarea(attrs={"rows": 2}),
            "records_retention": forms.Textarea(attrs={"rows": 3}),
            "contact_address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_logo"].help_text = _(
            "PNG, JPEG or WebP, at most %(size)s MB and %(side)s × %(side)s pixels. Shown 40 "
            "pixels high beside the name."
        ) % {"size": megabytes(LOGO_MAX_BYTES), "side": LOGO_MAX_SIDE}

    def clean_brand_colour(self) -> str:
        return colour_check(self.cleaned_data["brand_colour"])

    def clean_new_logo(self):
        upload = self.cleaned_data.get("new_logo")
        if upload:
            logo_check(upload)
        return upload


@view_rules("public.change_siteprofile", "public.change_siteprofile")
def site_profile_page(request):
    """The municipality's name, logo, colour, privacy facts and footer contact."""
    profile = current()
    form = SiteProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        site_profile_save(
            profile=form.instance,
            logo=form.cleaned_data["new_logo"],
            remove_logo=form.cleaned_data["remove_logo"],
        )
        messages.success(request, _("The site has been saved."))
        return redirect("staff:site_profile")
    return render(request, "public/site_profile.html", {"form": form, "profile": profile})


# What every page links to ----------------------------------------------------------------------

A_YEAR = 365 * 24 * 3600


def _kept(response, request, profile: SiteProfile):
    """Kept for a year at the address of this version (the pages link to it); a little
    while at any other."""
    versioned = request.GET.get("v") == str(profile.version)
    response["Cache-Control"] = (
        f"public, max-age={A_YEAR}, immutable" if versioned else "public, max-age=300"
    )
    return response


@public
def site_logo(request):
    """The logo, for everyone: its address carries the profile's version, so it is kept."""
    profile = current()
    if not profile.logo:
        raise Http404
    response = _kept(FileResponse(profile.logo.open("rb")), request, profile)
    # Whatever the file holds, the browser runs nothing in it.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response


@public
def site_css(request):
    """The municipality's colour on the header and the page's accents. A style sheet of its
    own, since the pages carry no inline style (the CSP forbids it)."""
    profile = current()
    colour = profile.brand_colour if HEX.fullmatch(profile.brand_colour) else "#0b3d91"
    body = (
        f".site-header {{ background-color: {colour}; }}\n"
        f".vision, .outcome-first {{ border-left-color: {colour}; }}\n"
        f".site-footer {{ border-top-color: {colour}; }}\n"
    )
    return _kept(HttpResponse(body, content_type="text/css; charset=utf-8"), request, profile)
