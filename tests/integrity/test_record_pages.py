"""The record pages do what they offer: record with evidence and consequences, appeal, decide."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from examiners import services as examiner_services
from integrity import services
from integrity.chain import verify
from integrity.models import Entry, Objection, ObjectionStatus, Repair
from registry.identifiers import resident_id
from registry.models.body import BodyStatus
from tests import factories


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def entry_data(**overrides) -> dict:
    data = {
        "kind": "serious",
        "basis": "inspection",
        "description": "组织考核时弄虚作假",
        "occurred_on": timezone.localdate().isoformat(),
        "evidence_ref": "inspection:7",
    }
    return {**data, **overrides}


@pytest.fixture
def body_world():
    admin = factories.body_admin()
    return factories.filed_body(admin=admin), admin, factories.centre_officer()


@pytest.mark.django_db
def test_the_centre_records_an_entry_with_evidence_and_its_consequences_follow(client, body_world):
    body, _admin, centre = body_world
    client.force_login(centre)
    url = f"/registry/bodies/{body.pk}/integrity/"
    response = client.post(url, {**entry_data(), "evidence_file": factories.pdf_upload("report.pdf")})
    assert response.status_code == 302 and response.url == url
    entry = Entry.objects.get(subject_type="body", subject_id=body.pk)
    assert (entry.kind, entry.points, entry.recorded_by, entry.subject_code) == (
        "serious",
        -50,
        centre,
        body.credit_code,
    )
    assert entry.evidence_file and len(entry.evidence_sha256) == 64
    assert verify()[1] == [], "what the page recorded is on the subject's hash chain"
    body.refresh_from_db()
    assert body.status == BodyStatus.RECTIFYING, "score 50 puts the body into rectification"
    page = client.get(url).content.decode()
    assert 'data-status="blacklisted"' in page and 'data-score="50"' in page
    evidence = client.get(f"/integrity/entries/{entry.pk}/evidence/")
    assert evidence["Content-Type"] == "application/pdf"
    assert b"".join(evidence.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_evidence_that_is_not_a_document_is_refused_and_nothing_is_recorded(client, body_world):
    body, _admin, centre = body_world
    client.force_login(centre)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/registry/bodies/{body.pk}/integrity/", {**entry_data(), "evidence_file": fake})
    assert response.status_code == 200
    assert response.context["entry_form"].errors["evidence_file"]
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_a_date_in_the_future_is_refused_on_its_field(client, body_world):
    body, _admin, centre = body_world
    client.force_login(centre)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(f"/registry/bodies/{body.pk}/integrity/", entry_data(occurred_on=tomorrow))
    assert response.status_code == 200
    assert response.context["entry_form"].errors["occurred_on"]
    assert not Entry.objects.exists()


@pytest.mark.django_db
def test_the_body_objects_once_and_is_told_why_it_cannot_repair_yet(client, body_world):
    body, admin, centre = body_world
    entry = services.record_entry(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind="general",
        basis="complaint",
        description="考生投诉",
        occurred_on=timezone.localdate(),
        recorded_by=centre,
    )
    client.force_login(admin)
    base = f"/registry/bodies/{body.pk}/integrity/entries/{entry.pk}"
    first = client.post(f"{base}/objection/", {"grounds": "投诉不实"})
    assert first.url.endswith(f"#entry-{entry.pk}")
    assert Objection.objects.filter(entry=entry, filed_by=admin, status=ObjectionStatus.FILED).count() == 1
    second = client.post(f"{base}/objection/", {"grounds": "再次申诉"})
    assert Objection.objects.filter(entry=entry).count() == 1
    waiting = gettext("An objection to this entry is already waiting for a decision.")
    assert any(waiting in m for m in messages_of(second))
    # A general entry may be repaired only after its minimum window (3 months).
    early = client.post(f"{base}/repair/", {"pledge": "守信承诺"})
    assert not Repair.objects.exists()
    assert any(entry.repairable_from.isoformat() in m for m in messages_of(early))
    empty = client.post(f"{base}/repair/", {"pledge": ""})
    assert not Repair.objects.exists() and messages_of(empty)


@pytest.mark.django_db
def test_a_person_with_two_roles_has_two_records_and_the_centre_chooses_the_role(client, body_world):
    body, admin, centre = body_world
    for role in ("examiner", "supervisor"):
        certification = examiner_services.recommend(
            user=admin,
            body=body,
            name="刘某某",
            id_number=resident_id(31),
            role=role,
            track="online",
            grade="senior_examiner" if role == "examiner" else "",
            occupations=[factories.occupation()] if role == "examiner" else [],
        )
    person = certification.person
    client.force_login(centre)
    url = f"/examiners/people/{person.pk}/integrity/"
    response = client.post(url, {**entry_data(kind="minor"), "subject_type": "supervisor"})
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.subject_type, entry.subject_id, entry.subject_code) == (
        "supervisor",
        person.pk,
        person.id_number,
    )
    page = client.get(url).content.decode()
    assert 'id="record-examiner"' in page and 'id="record-supervisor"' in page
    assert 'data-score="95"' in page and 'data-score="100"' in page
    # The centre files the person's objection on their behalf.
    client.post(f"{url}entries/{entry.pk}/objection/", {"grounds": "本人书面申诉"})
    assert Objection.objects.get(entry=entry).filed_by == centre


@pytest.mark.django_db
def test_the_centre_overturns_an_objection_from_its_queue(client, body_world):
    body, admin, centre = body_world
    entry = services.record_entry(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind="minor",
        basis="manual",
        description="未按时报送",
        occurred_on=timezone.localdate(),
        recorded_by=centre,
    )
    objection = services.file_objection(entry=entry, user=admin, grounds="已按时报送，附回执")
    client.force_login(centre)
    assert "已按时报送" in client.get("/integrity/objections/").content.decode()
    url = f"/integrity/objections/{objection.pk}/do/overturn/"
    no_reason = client.post(url, {"expected_status": "filed", "reason": ""})
    assert no_reason.status_code == 200
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.FILED
    done = client.post(url, {"expected_status": "filed", "reason": "回执属实"})
    assert done.status_code == 302 and done.url == "/integrity/objections/"
    objection.refresh_from_db()
    entry.refresh_from_db()
    assert objection.status == ObjectionStatus.OVERTURNED and objection.decided_by == centre
    assert (entry.lifted_on, entry.lifted_by) == (timezone.localdate(), "objection")
    assert "已按时报送" not in client.get("/integrity/objections/").content.decode()


@pytest.mark.django_db
def test_a_correction_is_a_new_entry_naming_the_old_one(client):
    from integrity import services as integrity_services
    from integrity.chain import verify
    from integrity.models import Entry

    body = factories.filed_body()
    centre = factories.centre_officer()
    first = integrity_services.record_entry(
        subject_type="body",
        subject_id=body.pk,
        subject_name=body.name,
        subject_code=body.credit_code,
        kind="minor",
        basis="manual",
        description="考场标识不清",
        occurred_on=timezone.localdate(),
        recorded_by=centre,
    )
    client.force_login(centre)
    response = client.post(
        f"/registry/bodies/{body.pk}/integrity/",
        {
            "kind": "commendation",
            "basis": "manual",
            "description": "更正：标识已符合要求",
            "occurred_on": timezone.localdate().isoformat(),
            "corrects": first.pk,
        },
    )
    assert response.status_code == 302
    correction = Entry.objects.exclude(pk=first.pk).get()
    assert correction.corrects == first
    first.refresh_from_db()
    assert first.description == "考场标识不清"  # the old entry is untouched
    assert verify()[1] == []
    other = factories.filed_body()
    response = client.post(
        f"/registry/bodies/{other.pk}/integrity/",
        {
            "kind": "minor",
            "basis": "manual",
            "description": "x",
            "occurred_on": timezone.localdate().isoformat(),
            "corrects": first.pk,
        },
    )
    assert response.status_code == 200 and Entry.objects.count() == 2  # another subject's entry: refused
