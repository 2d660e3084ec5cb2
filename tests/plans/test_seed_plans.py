"""The plans seeded by plans/migrations/0002_seed_plans.py: the 2022 plan with the figures of 渝人社办〔2022〕46号
and the year of the migration carrying them over; seeding twice changes nothing, and undoing it removes
only the rows it made."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from plans.models import Plan, Target
from tests import factories

seeding = importlib.import_module("plans.migrations.0002_seed_plans")

pytestmark = pytest.mark.django_db

FIGURES = {
    ("bodies", "city", ""): 500,
    ("bodies", "body_kind", "employer"): 200,
    ("colleges_filed", "city", ""): None,
    ("evaluations", "city", ""): 300_000,
    ("recognitions", "city", ""): 200_000,
    ("special_ability", "city", ""): 100_000,
    ("examiners", "city", ""): 2000,
    ("supervisors", "city", ""): 300,
    ("specifications", "city", ""): 15,
}


def figures(plan: Plan) -> dict:
    return {(t.metric, t.scope, t.body_kind): t.value for t in plan.targets.all()}


def everything() -> list[tuple]:
    return sorted(
        Target.objects.values_list("plan__year", "plan__name", "metric", "scope", "body_kind", "value")
    )


def test_the_2022_plan_has_the_documents_figures():
    plan = Plan.objects.get(year=2022)
    assert plan.name == "《2022年重庆市职业能力建设工作要点》"
    assert plan.source == "《2022年重庆市职业能力建设工作要点》（渝人社办〔2022〕46号）第五部分第15–17条"
    assert figures(plan) == FIGURES
    assert all(t.note for t in plan.targets.all())
    assert plan.targets.get(metric="colleges_filed").note.endswith("“应备尽备”（第15条）")


def test_the_year_of_the_migration_carries_the_figures_over():
    year = timezone.localdate().year
    plan = Plan.objects.get(year=year)
    assert plan.name == f"《{year}年重庆市职业能力建设工作要点》（沿用2022年指标）"
    assert plan.source.startswith("沿用《2022年重庆市职业能力建设工作要点》")
    assert figures(plan) == FIGURES


def test_seeding_again_changes_nothing_and_keeps_an_edited_figure():
    edited = Target.objects.get(plan__year=2022, metric="examiners")
    edited.value = 2500
    edited.save()
    before = everything()

    seeding.seed(apps, None)

    assert everything() == before
    assert Plan.objects.filter(year=2022).count() == 1


def test_undoing_removes_only_the_seeded_rows():
    year = timezone.localdate().year
    plan_2022 = Plan.objects.get(year=2022)
    added = Target.objects.create(
        plan=plan_2022, metric="bodies", scope="district", district=factories.district(), value=40
    )
    edited = Target.objects.get(plan__year=year, metric="supervisors")
    edited.value = 350
    edited.save()
    own_plan = Plan.objects.create(year=2030, name="《2030年重庆市职业能力建设工作要点》")
    own_target = Target.objects.create(plan=own_plan, metric="bodies", value=600)
    renamed = Plan.objects.create(year=2031, name="另一份文件", source=seeding.CARRIED_SOURCE)
    Target.objects.create(plan=renamed, metric="bodies", value=500, note=seeding.TARGETS[0][4])

    seeding.unseed(apps, None)

    assert list(Plan.objects.get(year=2022).targets.all()) == [added]
    assert list(Plan.objects.get(year=year).targets.all()) == [edited]
    assert list(own_plan.targets.all()) == [own_target]
    assert renamed.targets.count() == 1  # not a plan the migration made

    added.delete()
    seeding.unseed(apps, None)
    assert not Plan.objects.filter(year=2022).exists()  # nothing of anyone else's was left on it

    seeding.seed(apps, None)
    assert figures(Plan.objects.get(year=2022)) == FIGURES
