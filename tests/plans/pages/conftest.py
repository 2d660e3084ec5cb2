"""The plan pages' tests get their figures from tests/plans/sample.py: plans.dashboard.build and
public_statistics are replaced by functions that record their calls and return the sample Dashboard
(for a district, with that district's name as its scope)."""

import dataclasses

import pytest
from django.core.cache import cache

from plans import dashboard
from plans.models import Plan
from tests.plans.pages import sample


@pytest.fixture
def plans(db):
    """Plans for the sample's year and the one before (instead of those the migration seeds)."""
    Plan.objects.all().delete()
    return [
        Plan.objects.create(year=sample.YEAR, name="2026年全市技能人才工作要点"),
        Plan.objects.create(year=sample.YEAR - 1, name="2025年全市技能人才工作要点"),
    ]


@pytest.fixture
def built(monkeypatch, plans):
    """The calls made to plans.dashboard.build, as dicts of their arguments."""
    calls = []

    def build(*, year, as_of, district=None):
        calls.append({"year": year, "as_of": as_of, "district": district})
        figures = sample.dashboard(year=year)
        return dataclasses.replace(figures, scope=district.name) if district else figures

    monkeypatch.setattr(dashboard, "build", build)
    return calls


@pytest.fixture
def published(monkeypatch, plans):
    """The calls made to plans.dashboard.public_statistics."""
    calls = []
    cache.clear()

    def public_statistics(*, year, as_of):
        calls.append({"year": year, "as_of": as_of})
        return sample.public()

    monkeypatch.setattr(dashboard, "public_statistics", public_statistics)
    yield calls
    cache.clear()
