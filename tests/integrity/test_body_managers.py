"""Body managers (管理人员) are the fourth kind of subject: registered on the body, recorded separately."""

import pytest
from django.utils import timezone

from integrity import services
from integrity.models import Entry
from registry.identifiers import resident_id
from registry.models import BodyManager
from tests import factories


@pytest.mark.django_db
def test_admin_adds_a_manager_and_the_centre_records_an_entry_about_them(client):
    body = factories.filed_body()
    admin = body.applications.get().applicant
    client.force_login(admin)
    client.post(
        f"/registry/bodies/{body.pk}/managers/",
        {"name": "周主任", "id_number": resident_id(77), "position": "考务主任"},
    )
    manager = BodyManager.objects.get(body=body)

    client.force_login(factories.centre_officer())
    response = client.post(
        f"/registry/bodies/{body.pk}/integrity/",
        {
            "subject_type": f"manager:{manager.pk}",
            "kind": "serious",
            "basis": "manual",
            "description": "组织考生替考",
            "occurred_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert (entry.subject_type, entry.subject_id, entry.subject_code) == (
        "manager",
        manager.pk,
        manager.id_number,
    )
    assert services.is_blacklisted("manager", manager.pk)
    assert services.score("body", body.pk) == 100  # the body's own record is untouched
    page = client.get(f"/registry/bodies/{body.pk}/integrity/").content.decode()
    assert "组织考生替考" in page and "周主任" in page
    public = client.get("/integrity/public/").content.decode()
    assert "周主任" in public and manager.id_number not in public


@pytest.mark.django_db
def test_invalid_or_duplicate_manager_ids_are_refused(client):
    body = factories.filed_body()
    client.force_login(body.applications.get().applicant)
    client.post(f"/registry/bodies/{body.pk}/managers/", {"name": "甲", "id_number": "510202198601010050"})
    assert not BodyManager.objects.exists()
    client.post(f"/registry/bodies/{body.pk}/managers/", {"name": "甲", "id_number": resident_id(5)})
    client.post(f"/registry/bodies/{body.pk}/managers/", {"name": "甲", "id_number": resident_id(5)})
    assert BodyManager.objects.count() == 1
