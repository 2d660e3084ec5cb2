"""Published versions are frozen (filed with the ministry, too): a change is refused by the service, the
model and the page; a revision is a new version through the workflow, and publishing it retires the old."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from specifications import services
from specifications.models import AbilityUnit, Specification, SpecificationVersion
from tests import factories
from tests.helpers import snapshot

pytestmark = pytest.mark.django_db

FROZEN = ["filed_with_ministry", "published", "retired"]


@pytest.mark.parametrize("state", FROZEN)
def test_the_service_refuses_to_change_a_frozen_version(state):
    version, centre, _experts = factories.specification_in(state)
    before = snapshot(version)
    units = list(version.units.values_list("pk", "work_content"))
    with pytest.raises(ValidationError):
        services.edit(version=version, user=centre, content=factories.specification_content(method="笔试"))
    assert snapshot(version) == before
    assert list(version.units.values_list("pk", "work_content")) == units


@pytest.mark.parametrize("state", FROZEN)
def test_the_model_refuses_a_changed_field_of_a_frozen_version(state):
    version, _centre, _experts = factories.specification_in(state)
    version = SpecificationVersion.objects.get(pk=version.pk)
    version.method = "改为笔试"
    with pytest.raises(ValidationError):
        version.full_clean()
    with pytest.raises(ValidationError):
        version.save()
    assert SpecificationVersion.objects.get(pk=version.pk).method == "实际操作"


@pytest.mark.parametrize("state", FROZEN)
def test_a_frozen_versions_units_and_name_stay(state):
    version, _centre, _experts = factories.specification_in(state)
    unit = version.units.first()
    unit.skill_requirements = "改写"
    with pytest.raises(ValidationError):
        unit.save()
    with pytest.raises(ValidationError):
        unit.delete()
    with pytest.raises(ValidationError):
        AbilityUnit(
            version=version,
            position=9,
            name="新增",
            work_content="a",
            skill_requirements="b",
            knowledge_requirements="c",
        ).save()
    spec = Specification.objects.get(pk=version.specification_id)
    spec.name = "改名"
    with pytest.raises(ValidationError):
        spec.save()
    assert version.units.count() == 2
    assert AbilityUnit.objects.get(pk=unit.pk).skill_requirements == "技能要求1"


def test_transitions_of_a_frozen_version_still_save():
    version, centre, _experts = factories.specification_in("published")
    services.act(version=version, user=centre, action="retire", reason="被新规范取代")
    assert SpecificationVersion.objects.get(pk=version.pk).status == "retired"


@pytest.mark.parametrize("state", ["proposed", "returned"])
def test_the_proposer_changes_a_proposal_before_it_is_taken_up_or_when_returned(state):
    version, centre, _experts = factories.specification_in(state)
    services.edit(
        version=version,
        user=centre,
        name="新名称",
        content=factories.specification_content(method="笔试", units=3),
    )
    version.refresh_from_db()
    assert (version.method, version.units.count(), version.specification.name) == ("笔试", 3, "新名称")


def test_under_argument_the_content_is_not_the_proposers_to_change():
    version, centre, _experts = factories.specification_in("argued")
    before = snapshot(version)
    with pytest.raises(ValidationError):
        services.edit(version=version, user=centre, content=factories.specification_content(method="笔试"))
    assert snapshot(version) == before


def test_the_edit_page_of_a_published_version_refuses(client):
    version, centre, _experts = factories.specification_in("published")
    client.force_login(centre)
    response = client.post(f"/specifications/versions/{version.pk}/edit/", {"name": "x", "method": "笔试"})
    assert response.status_code == 302 and response.url == f"/specifications/versions/{version.pk}/"
    assert SpecificationVersion.objects.get(pk=version.pk).method == "实际操作"
    page = client.get(f"/specifications/versions/{version.pk}/").content.decode()
    assert f"/specifications/versions/{version.pk}/edit/" not in page


def test_a_revision_is_a_new_version_and_publishing_it_retires_the_old_one_that_day():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    first, centre, experts = factories.specification_in("published", on=yesterday)
    spec = first.specification
    with pytest.raises(ValidationError):  # frozen: a revision, not an edit
        services.edit(
            version=first, user=centre, content=factories.specification_content(duration_minutes=90)
        )
    second = services.revise(
        user=centre,
        specification=spec,
        content=factories.specification_content(duration_minutes=90),
        draft=factories.pdf_upload("v2.pdf"),
    )
    assert (second.number, second.status, second.specification.name) == (2, "proposed", spec.name)
    with pytest.raises(ValidationError):  # one version in progress at a time
        services.revise(
            user=centre,
            specification=spec,
            content=factories.specification_content(),
            draft=factories.pdf_upload(),
        )
    factories.specification_in("published", version=second, centre=centre, experts=experts)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.retired_on, first.duration_minutes) == ("retired", timezone.localdate(), 120)
    assert (second.status, second.published_on, second.duration_minutes) == (
        "published",
        timezone.localdate(),
        90,
    )


def test_only_a_published_specification_is_revised():
    version, centre, _experts = factories.specification_in("under_review")
    with pytest.raises(ValidationError):
        services.revise(
            user=centre,
            specification=version.specification,
            content=factories.specification_content(),
            draft=factories.pdf_upload(),
        )


def test_codes_follow_the_setting_a_sequence_per_year(settings):
    settings.SPECIFICATION_CODE_FORMAT = "CQZX-{year}-{seq:03d}"
    year = timezone.localdate().year
    codes = [factories.proposed_specification().specification.code for _ in range(2)]
    assert codes == [f"CQZX-{year}-001", f"CQZX-{year}-002"]


def test_the_model_refuses_fewer_examiners_per_panel_than_the_setting(settings):
    version, _centre, _experts = factories.specification_in("proposed")
    version.panel_size = 2
    with pytest.raises(ValidationError) as error:
        version.save()
    assert "panel_size" in error.value.message_dict
    settings.SPECIFICATION_MIN_EXAMINERS = 2
    version.save()
    assert SpecificationVersion.objects.get(pk=version.pk).panel_size == 2
