"""Public certificate verification at /verify/ (domain.md §5): number + holder's name → the certificate;
a wrong name and an unknown number get the same answer; look-ups are rate-limited per client."""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from common.transitions import perform
from examiners.models.person import mask_id
from tests import factories
from tests.matrix import ROLES, base_world

SECTION = re.compile(r'<section class="card narrow" id="verification">.*?</section>', re.S)


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def certificate():
    body = factories.filed_body()
    return factories.result(body=body, name="张三")


def answer(response) -> str:
    (section,) = SECTION.findall(response.content.decode())
    return section


@pytest.mark.django_db
def test_a_valid_certificate(client, certificate):
    response = client.get("/verify/", {"no": certificate.certificate_no, "name": "张三"})

    assert response.status_code == 200
    section = answer(response)
    assert 'class="alert ok" role="status" id="certificate-status"' in section
    body, occupation = certificate.body, certificate.occupation
    for fact in (
        certificate.certificate_no,
        "张三",
        occupation.code,
        occupation.name,
        certificate.get_level_display(),
        body.name,
        body.filing_no,
        certificate.issue_date.isoformat(),
        mask_id(certificate.id_number),
    ):
        assert fact in section, fact
    assert "revoked-on" not in section


@pytest.mark.django_db
def test_input_is_normalised_and_the_form_may_post(client, certificate):
    typed = " ".join(certificate.certificate_no.lower()[i : i + 4] for i in range(0, 22, 4))
    assert client.get("/verify/", {"no": f"  {typed} ", "name": " 张三  "}).status_code == 200
    response = client.post("/verify/", {"no": certificate.certificate_no.lower(), "name": "张三"})
    assert response.status_code == 200
    assert certificate.certificate_no in answer(response)


@pytest.mark.django_db
def test_a_revoked_certificate_says_when_and_why(client, certificate):
    perform(certificate, "revoke", by=factories.centre_officer(), reason="AC-2026-000001: 考试作弊")
    certificate.refresh_from_db()

    response = client.get("/verify/", {"no": certificate.certificate_no, "name": "张三"})

    assert response.status_code == 200
    section = answer(response)
    assert 'class="alert bad" role="alert" id="certificate-status"' in section
    assert 'class="alert ok"' not in section
    revoked_on = timezone.localtime(certificate.revoked_at).date()
    assert f'<dd id="revoked-on">{revoked_on.isoformat()}</dd>' in section
    assert "AC-2026-000001: 考试作弊" in section


@pytest.mark.django_db
def test_wrong_name_and_unknown_number_get_the_same_answer(client, certificate):
    wrong_name = client.get("/verify/", {"no": certificate.certificate_no, "name": "李四"})
    unknown_no = client.get("/verify/", {"no": "S000050999999261000001", "name": "张三"})
    # A non-passer's row is no certificate, even with a number in it.
    failed = factories.result(body=certificate.body, passed=False, certificate_no="S000050999999264000002")
    no_certificate = client.get("/verify/", {"no": failed.certificate_no, "name": failed.name})

    assert wrong_name.status_code == unknown_no.status_code == no_certificate.status_code == 404
    assert answer(wrong_name) == answer(unknown_no) == answer(no_certificate)
    assert wrong_name.templates[0].name == unknown_no.templates[0].name == "certificates/verify.html"
    for response in (wrong_name, unknown_no):
        page = response.content.decode()
        assert certificate.body.name not in page and mask_id(certificate.id_number) not in page
    assert client.get("/verify/", {"no": certificate.certificate_no, "name": "张三"}).status_code == 200


@pytest.mark.django_db
def test_the_full_id_number_never_appears(client, certificate):
    valid = client.get("/verify/", {"no": certificate.certificate_no, "name": "张三"}).content.decode()
    perform(certificate, "revoke", by=factories.centre_officer(), reason="撤销")
    revoked = client.get("/verify/", {"no": certificate.certificate_no, "name": "张三"}).content.decode()
    for page in (valid, revoked):
        assert certificate.id_number not in page
        assert mask_id(certificate.id_number) in page


@pytest.mark.django_db
def test_the_empty_form_and_half_a_question(client):
    empty = client.get("/verify/")
    assert empty.status_code == 200 and 'name="no"' in empty.content.decode()
    assert not SECTION.findall(empty.content.decode())
    half = client.get("/verify/", {"no": "S00005099999926"})
    assert half.status_code == 200 and 'class="alert bad"' in answer(half)


@pytest.mark.django_db
def test_look_ups_are_rate_limited_per_client(client, certificate, settings):
    settings.VERIFY_RATE_LIMIT = (3, 60)
    ask = {"no": certificate.certificate_no, "name": "张三"}
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False) as clock:
        assert client.get("/verify/").status_code == 200  # an empty form is not a look-up
        assert [client.get("/verify/", ask).status_code for _ in range(2)] == [200, 200]
        assert client.get("/verify/", {"no": "X", "name": "Y"}).status_code == 404  # failures count too

        refused = client.get("/verify/", ask)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "60"
        assert certificate.body.name not in refused.content.decode()
        assert "60" in answer(refused)
        assert client.post("/verify/", ask).status_code == 429
        assert client.get("/verify/", ask, REMOTE_ADDR="10.0.0.2").status_code == 200  # another client

        clock.shift(61)
        assert client.get("/verify/", ask).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_verification_is_public(client, role):
    user = base_world()["users"][role]
    if user is not None:
        client.force_login(user)
    assert client.get("/verify/").status_code == 200
