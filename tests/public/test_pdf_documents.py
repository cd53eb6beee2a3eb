"""Every PDF we make is tagged (PDF/UA): a structure tree that screen readers follow, the
document's language and its title shown in the window, as DOS-lagen asks of documents on a
public site."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import GuidingQuestionFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def structure_roles(node, roles: list[str]) -> list[str]:
    """The structure types (/S) of the tagged tree under `node`, depth first."""
    node = node.get_object()
    if "/S" in node:
        roles.append(str(node["/S"]))
    kids = node.get("/K")
    if kids is None:
        return roles
    kids = kids.get_object()
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict):
            structure_roles(kid, roles)
    return roles


def test_the_brochure_pdf_is_tagged_with_its_language_and_title(client):
    process = ProcessFactory(is_public=True, slug="sunne", title="Vision Sunne 2025")
    for number in range(2):
        GuidingQuestionFactory(process=process, text=f"Fråga {number}?")
    response = client.get(reverse("public:brochure_pdf", args=["sunne"]))
    pdf = PdfReader(io.BytesIO(response.content))
    catalog = pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert str(catalog["/Lang"]).lower().startswith("sv")
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "Vision Sunne 2025" in pdf.metadata.title
    roles = structure_roles(catalog["/StructTreeRoot"], [])
    assert "/Document" in roles
    assert "/H1" in roles  # the headings are headings
    assert "/P" in roles
    assert b"pdfuaid" in pdf.xmp_metadata.stream.get_data()  # it says it is PDF/UA
