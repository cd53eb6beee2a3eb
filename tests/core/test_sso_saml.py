"""Signing in over SAML 2.0: a response signed as an identity provider signs it (with
python3-saml's own signing, on a key and certificate made here), answering the application's
own request, gives the role its groups attribute names; one that answers no request is refused."""

import base64
import datetime
import time
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.contrib.auth import get_user_model
from django.urls import reverse
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml
from onelogin.saml2.utils import OneLogin_Saml2_Utils

pytestmark = pytest.mark.django_db
IDP = "https://idp.sunne.example"
SP = "http://testserver/accounts/saml/kommun/metadata/"
ACS = "http://testserver/accounts/saml/kommun/acs/"


def key_and_certificate() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.sunne.example")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem_key, certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def client(client):
    client.defaults["HTTP_HOST"] = "testserver"  # as a browser sends it; python3-saml reads it
    return client


@pytest.fixture
def idp(settings):
    key, certificate = key_and_certificate()
    settings.SSO_GROUP_ROLES = {"sunne-strateger": "strategist"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": {
            "APPS": [
                {
                    "provider_id": IDP,
                    "name": "Sunne-ID",
                    "client_id": "kommun",
                    "settings": {
                        "attribute_mapping": {"uid": "uid", "email": "email", "username": "uid"},
                        "idp": {
                            "entity_id": IDP,
                            "sso_url": IDP + "/sso",
                            "x509cert": certificate,
                        },
                        "sp": {"entity_id": SP},
                        "advanced": {
                            "want_assertion_signed": True,
                            "strict": True,
                            "allow_single_label_domains": True,  # the test's "testserver"
                        },
                    },
                }
            ]
        }
    }
    return key, certificate


def saml_time(offset: int = 0) -> str:
    return OneLogin_Saml2_Utils.parse_time_to_SAML(int(time.time()) + offset)


def signed_response(key, certificate, request_id: str, groups: list[str]) -> str:
    answer = f' InResponseTo="{request_id}"' if request_id else ""
    values = "".join(f"<saml:AttributeValue>{g}</saml:AttributeValue>" for g in groups)
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a{time.time_ns()}" Version="2.0" IssueInstant="{saml_time()}"><saml:Issuer>{IDP}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">sara</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{saml_time(300)}" Recipient="{ACS}"{answer}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="{saml_time(-60)}" NotOnOrAfter="{saml_time(300)}"><saml:AudienceRestriction><saml:Audience>{SP}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="{saml_time()}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement><saml:Attribute Name="uid"><saml:AttributeValue>sara</saml:AttributeValue></saml:Attribute><saml:Attribute Name="email"><saml:AttributeValue>sara@sunne.example</saml:AttributeValue></saml:Attribute><saml:Attribute Name="groups">{values}</saml:Attribute></saml:AttributeStatement></saml:Assertion>"""  # noqa: E501
    signed = OneLogin_Saml2_Utils.add_sign(
        assertion, key, certificate, sign_algorithm=Saml.RSA_SHA256, digest_algorithm=Saml.SHA256
    )
    signed = signed.decode() if isinstance(signed, bytes) else signed
    signed = signed.split("?>", 1)[-1]  # no XML declaration inside the response
    response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{time.time_ns()}" Version="2.0" IssueInstant="{saml_time()}" Destination="{ACS}"{answer}><saml:Issuer>{IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>{signed}</samlp:Response>"""  # noqa: E501
    return base64.b64encode(response.encode()).decode()


def request_id(client) -> str:
    """Press the sign-in button; read the ID of the request the application sends the IdP."""
    response = client.post(reverse("saml_login", kwargs={"organization_slug": "kommun"}))
    assert response["Location"].startswith(IDP + "/sso")
    saml_request = parse_qs(urlsplit(response["Location"]).query)["SAMLRequest"][0]
    xml = zlib.decompress(base64.b64decode(saml_request), -15).decode()
    return xml.split(' ID="', 1)[1].split('"', 1)[0]


def post_to_acs(client, saml_response: str):
    response = client.post(ACS.removeprefix("http://testserver"), {"SAMLResponse": saml_response})
    return client.get(response["Location"], follow=True)


def test_a_signed_saml_answer_signs_a_strategist_in_with_the_groups_role(client, idp):
    key, certificate = idp
    response = post_to_acs(
        client, signed_response(key, certificate, request_id(client), ["sunne-strateger"])
    )
    assert response.status_code == 200
    user = get_user_model().objects.get(username="sara")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert set(user.groups.values_list("name", flat=True)) == {"strategist"}


def test_a_saml_user_whose_groups_give_no_role_is_refused(client, idp):
    key, certificate = idp
    response = post_to_acs(client, signed_response(key, certificate, request_id(client), ["x"]))
    assert response.status_code == 403
    assert "Du har ingen roll här" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_answer_to_no_request_of_ours_is_refused(client, idp):
    key, certificate = idp
    post_to_acs(client, signed_response(key, certificate, "", ["sunne-strateger"]))
    assert "_auth_user_id" not in client.session


def test_an_answer_signed_by_another_key_is_refused(client, idp):
    other_key, other_certificate = key_and_certificate()
    saml_response = signed_response(
        other_key, other_certificate, request_id(client), ["sunne-strateger"]
    )
    post_to_acs(client, saml_response)
    assert "_auth_user_id" not in client.session
