"""The bureau administrator edits plans on /plans/: a new year's plan (optionally a copy of an earlier
one's targets), targets added, changed and deleted with the scope rules and the one-target-per-metric
rule as form errors, every change kept in the plan's history. Officers read; nobody else edits."""

import re

import pytest
from django.core.exceptions import PermissionDenied

from accounts.roles import Role
from plans import services
from plans.models import Plan, PlanChange, Target
from tests import factories

pytestmark = pytest.mark.django_db

NEW_YEAR = 2030


@pytest.fixture
def bureau():
    return factories.user_with_role(Role.BUREAU_ADMIN, username="bureau")


@pytest.fixture
def plan():
    return Plan.objects.get(year=2022)


@pytest.fixture
def bureau_client(client, bureau):
    client.force_login(bureau)
    return client


def errors_of(response) -> str:
    """The text of the form's error messages on the page."""
    html = response.content.decode()
    return " ".join(re.findall(r'<small class="error" role="alert">(.*?)</small>', html)) + " ".join(
        re.findall(r'<div class="alert" role="alert"><p>(.*?)</p>', html)
    )


def test_a_new_year_copies_the_targets_of_an_earlier_one(bureau_client, plan, bureau):
    response = bureau_client.post(
        "/plans/new/",
        {
            "year": NEW_YEAR,
            "name": "《2030年重庆市职业能力建设工作要点》",
            "source": "渝人社办〔2030〕1号",
            "copy_from": plan.pk,
        },
    )

    assert response.status_code == 302 and response.url == f"/plans/{NEW_YEAR}/"
    new = Plan.objects.get(year=NEW_YEAR)
    copied = {(t.metric, t.scope, t.body_kind, t.value, t.note) for t in new.targets.all()}
    assert copied == {(t.metric, t.scope, t.body_kind, t.value, t.note) for t in plan.targets.all()}
    assert len(copied) == 9
    assert new.changes.filter(action="created", by=bureau).count() == 1 + 9


def test_a_new_year_may_start_empty_and_a_year_is_planned_once(bureau_client, plan):
    bureau_client.post("/plans/new/", {"year": NEW_YEAR, "name": "《2030年要点》", "copy_from": ""})
    assert Plan.objects.get(year=NEW_YEAR).targets.count() == 0

    again = bureau_client.post("/plans/new/", {"year": 2022, "name": "重复", "copy_from": ""})
    assert again.status_code == 200
    assert "2022" in errors_of(again)
    assert Plan.objects.filter(year=2022).get() == plan


def test_adding_a_district_target_is_recorded(bureau_client, plan, bureau):
    district = factories.district(factories.JIULONGPO)
    response = bureau_client.post(
        f"/plans/{plan.year}/targets/new/",
        {"metric": "bodies", "scope": "district", "district": district.pk, "value": 40, "note": "区县分解"},
    )

    assert response.status_code == 302
    target = plan.targets.get(scope="district")
    assert (target.metric, target.district, target.value) == ("bodies", district, 40)
    change = plan.changes.get()
    assert (change.action, change.by, change.before) == ("created", bureau, {})
    assert change.after == {
        "metric": "bodies",
        "scope": "district",
        "district": "九龙坡区",
        "body_kind": "",
        "value": 40,
        "note": "区县分解",
    }


@pytest.mark.parametrize(
    "data, field",
    [
        ({"scope": "district"}, "district"),  # a district target without its district
        ({"scope": "city", "district": "YUZHONG"}, "district"),
        ({"scope": "body_kind"}, "body_kind"),
        ({"scope": "city", "body_kind": "social"}, "body_kind"),
        ({"scope": "district", "district": "YUZHONG", "body_kind": "college"}, "body_kind"),
        ({"scope": "city", "metric": "evaluations", "value": ""}, "value"),  # only colleges may be "all"
        ({"scope": "city", "value": "0"}, "value"),
    ],
)
def test_the_scope_rules_are_form_errors_on_their_field(bureau_client, plan, data, field):
    post = {"metric": "examiners", "value": 100, "note": "", **data}
    if post.get("district") == "YUZHONG":
        post["district"] = factories.district().pk
    before = Target.objects.count()

    response = bureau_client.post(f"/plans/{plan.year}/targets/new/", post)

    assert response.status_code == 200
    assert re.search(
        rf'<div class="field has-error[^"]*">\s*<label for="id_{field}"', response.content.decode()
    )
    assert Target.objects.count() == before and not PlanChange.objects.exists()


def test_a_second_target_for_the_same_metric_and_scope_is_refused_not_a_crash(bureau_client, plan):
    city = {"metric": "examiners", "scope": "city", "value": 2500}
    kind = {"metric": "bodies", "scope": "body_kind", "body_kind": "employer", "value": 250}
    district = factories.district()
    twice = {"metric": "bodies", "scope": "district", "district": district.pk, "value": 9}
    assert bureau_client.post(f"/plans/{plan.year}/targets/new/", twice).status_code == 302

    for data in (city, kind, twice):
        response = bureau_client.post(f"/plans/{plan.year}/targets/new/", data)
        assert response.status_code == 200
        assert "已有该指标在此范围内的目标" in errors_of(response) or "already has a target" in errors_of(
            response
        )
    assert plan.targets.filter(metric="examiners").get().value == 2000


def test_a_kind_target_and_a_district_target_of_one_metric_live_side_by_side(bureau_client, plan):
    district = factories.district()
    response = bureau_client.post(
        f"/plans/{plan.year}/targets/new/",
        {"metric": "bodies", "scope": "district", "district": district.pk, "value": 50},
    )
    assert response.status_code == 302
    assert plan.targets.filter(metric="bodies").count() == 3  # city, employer, 渝中区


def test_changing_a_target_records_before_and_after_and_shows_them(bureau_client, plan, bureau):
    target = plan.targets.get(metric="examiners")
    response = bureau_client.post(
        f"/plans/targets/{target.pk}/edit/",
        {"metric": "examiners", "scope": "city", "value": 2400, "note": target.note},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 2400
    change = plan.changes.get()
    assert (change.action, change.before["value"], change.after["value"]) == ("updated", 2000, 2400)

    page = bureau_client.get(f"/plans/{plan.year}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "2000 → 2400" in history and bureau.profile.display_name in history


def test_saving_a_target_unchanged_records_nothing(bureau_client, plan):
    target = plan.targets.get(metric="supervisors")
    data = {"metric": "supervisors", "scope": "city", "value": target.value, "note": target.note}
    assert bureau_client.post(f"/plans/targets/{target.pk}/edit/", data).status_code == 302
    assert not PlanChange.objects.exists()


def test_deleting_a_target_asks_first_and_keeps_it_in_the_history(bureau_client, plan):
    target = plan.targets.get(metric="specifications")

    confirm = bureau_client.get(f"/plans/targets/{target.pk}/delete/")
    assert confirm.status_code == 200 and Target.objects.filter(pk=target.pk).exists()
    assert 'class="danger"' in confirm.content.decode()

    assert bureau_client.post(f"/plans/targets/{target.pk}/delete/").status_code == 302
    assert not Target.objects.filter(pk=target.pk).exists()
    change = plan.changes.get()
    assert (change.action, change.before["metric"], change.before["value"], change.after) == (
        "deleted",
        "specifications",
        15,
        {},
    )
    history = bureau_client.get(f"/plans/{plan.year}/").content.decode().split('id="history"')[1]
    assert "删除" in history or "Deleted" in history


def test_editing_the_plan_records_its_old_name(bureau_client, plan):
    old = plan.name
    bureau_client.post(f"/plans/{plan.year}/edit/", {"name": "《2022年要点》（修订）", "source": plan.source})
    plan.refresh_from_db()
    assert plan.name == "《2022年要点》（修订）"
    change = plan.changes.get()
    assert (change.before["name"], change.after["name"]) == (old, plan.name)


def test_targets_are_listed_in_the_plans_order(client, plan):
    plan.targets.create(metric="bodies", scope="district", district=factories.district(), value=40)
    client.force_login(factories.centre_officer())
    page = client.get(f"/plans/{plan.year}/").content.decode()
    rows = re.findall(r'<tr id="target-(\d+)">', page)
    expected = [
        ("bodies", "city"),
        ("bodies", "district"),
        ("bodies", "body_kind"),
        ("colleges_filed", "city"),
        ("evaluations", "city"),
        ("recognitions", "city"),
        ("special_ability", "city"),
        ("examiners", "city"),
        ("supervisors", "city"),
        ("specifications", "city"),
    ]
    assert [plan.targets.filter(pk=pk).values_list("metric", "scope").get() for pk in rows] == expected


def test_officers_read_the_plan_without_the_edit_links(client, plan):
    for officer in (factories.centre_officer(), factories.district_officer()):
        client.force_login(officer)
        page = client.get(f"/plans/{plan.year}/").content.decode()
        assert "300000" in page and "应备尽备" in page
        assert "/plans/targets/" not in page and "/targets/new/" not in page


def test_the_services_refuse_everyone_but_the_bureau(plan):
    target = plan.targets.first()
    for user in (factories.centre_officer(), factories.district_officer(), factories.body_admin()):
        with pytest.raises(PermissionDenied):
            services.update_target(user=user, target=target, values={"metric": "bodies", "value": 1})
        with pytest.raises(PermissionDenied):
            services.delete_target(user=user, target=target)
        with pytest.raises(PermissionDenied):
            services.create_plan(user=user, year=NEW_YEAR, name="x")
    assert not PlanChange.objects.exists() and Target.objects.filter(pk=target.pk).exists()
