"""Proposing on the page (征集): a body administrator for its body, the centre for itself; the draft is judged
by its content, the panel size by the setting; a returned proposal is corrected and resubmitted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.models import AssessmentBody
from specifications.models import Specification, SpecificationVersion
from tests import factories
from tests.helpers import text_as_png

pytestmark = pytest.mark.django_db


def proposal_data(**overrides) -> dict:
    data = {
        "name": "火锅底料制作",
        "audience": "火锅底料生产企业从业人员",
        "occupation_codes": "4-03-02-01，4-03-02-02",
        "necessity": "火锅产业是重庆的特色产业，从业人员众多。",
        "panel_size": "3",
        "method": "实际操作与现场问答",
        "duration_minutes": "150",
        "site_and_equipment": "炒料间一间，炒锅 5 口",
        "units-TOTAL_FORMS": "3",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "1",
        "units-MAX_NUM_FORMS": "1000",
        "units-0-name": "原料处理",
        "units-0-work_content": "辣椒、花椒的挑选与处理",
        "units-0-skill_requirements": "能辨别原料品质",
        "units-0-knowledge_requirements": "原料储存知识",
        "units-1-name": "底料炒制",
        "units-1-work_content": "牛油熬制与炒料",
        "units-1-skill_requirements": "能控制油温与火候",
        "units-1-knowledge_requirements": "食品安全知识",
    }
    return data | overrides


def draft(name="草案.pdf"):
    return factories.pdf_upload(name)


def test_a_body_administrator_proposes_for_its_body(client):
    admin = factories.body_admin()
    body = factories.filed_body(admin=admin)
    client.force_login(admin)
    response = client.post("/specifications/propose/", proposal_data(body=body.pk, draft=draft()))
    version = SpecificationVersion.objects.get()
    assert response.status_code == 302 and response.url == version.get_absolute_url()
    assert (version.status, version.body, version.proposed_by, version.specification.name) == (
        "proposed",
        body,
        admin,
        "火锅底料制作",
    )
    assert [u.name for u in version.units.order_by("position")] == ["原料处理", "底料炒制"]
    assert sorted(version.occupations.values_list("code", flat=True)) == ["4-03-02-01", "4-03-02-02"]
    assert version.draft_name == "草案.pdf" and len(version.draft_sha256) == 64


def test_a_body_administrator_cannot_propose_for_another_body(client):
    admin = factories.body_admin()
    factories.filed_body(admin=admin)
    other = factories.filed_body()
    client.force_login(admin)
    response = client.post("/specifications/propose/", proposal_data(body=other.pk, draft=draft()))
    assert response.status_code == 200 and "body" in response.context["form"].errors
    assert not Specification.objects.exists()


def test_the_centre_proposes_for_itself(client):
    centre = factories.centre_officer()
    client.force_login(centre)
    response = client.post("/specifications/propose/", proposal_data(draft=draft()))
    assert response.status_code == 302
    assert SpecificationVersion.objects.get().body is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"panel_size": "2"}, "panel_size"),
        ({"occupation_codes": "9-99-99-99"}, "occupation_codes"),
        ({"draft": None}, "draft"),
    ],
)
def test_a_proposal_is_refused_with_its_problem_and_nothing_is_stored(client, overrides, field):
    client.force_login(factories.centre_officer())
    data = proposal_data(draft=draft()) | overrides
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post("/specifications/propose/", data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Specification.objects.exists()


def test_a_draft_that_is_not_what_its_name_says_is_refused(client):
    client.force_login(factories.centre_officer())
    fake = SimpleUploadedFile("草案.pdf", "不是PDF".encode() * 50, content_type="application/pdf")
    for upload in (fake, text_as_png("草案.png")):
        response = client.post("/specifications/propose/", proposal_data(draft=upload))
        assert response.status_code == 200 and "draft" in response.context["form"].errors
    assert not Specification.objects.exists()


def test_a_proposal_without_any_ability_unit_is_refused(client):
    client.force_login(factories.centre_officer())
    data = {
        k: v
        for k, v in proposal_data(draft=draft()).items()
        if not k.startswith("units-0") and not k.startswith("units-1")
    }
    response = client.post("/specifications/propose/", data)
    assert response.status_code == 200
    assert not Specification.objects.exists()


def test_a_returned_proposal_is_corrected_and_resubmitted_on_its_pages(client):
    admin = factories.body_admin()
    body = factories.filed_body(admin=admin)
    version, _centre, _experts = factories.specification_in(
        "returned", version=factories.proposed_specification(user=admin, body=body)
    )
    client.force_login(admin)
    page = client.get(version.get_absolute_url()).content.decode()
    assert f"/specifications/versions/{version.pk}/edit/" in page and "/do/resubmit/" in page
    data = proposal_data(name=version.specification.name, method="实际操作与笔试") | {
        "units-INITIAL_FORMS": "2",
    }
    response = client.post(f"/specifications/versions/{version.pk}/edit/", data)
    assert response.status_code == 302
    response = client.post(
        f"/specifications/versions/{version.pk}/do/resubmit/", {"expected_status": "returned"}
    )
    version.refresh_from_db()
    assert (response.status_code, version.status, version.method, version.round) == (
        302,
        "proposed",
        "实际操作与笔试",
        2,
    )


def test_a_newcomer_without_a_body_may_not_propose(client):
    newcomer = factories.body_admin()
    assert not AssessmentBody.objects.exists()
    client.force_login(newcomer)
    assert client.get("/specifications/propose/").status_code == 403
