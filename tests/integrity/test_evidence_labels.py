"""Evidence references read as labels (「督导检查发现 #14」), linked only for those who may open them."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from integrity import evidence
from integrity.models import Entry
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_every_prefix_the_services_write_has_a_resolver():
    services = [*ROOT.glob("*/services.py"), *ROOT.glob("*/services/*.py")]
    written = {
        prefix
        for path in services
        for prefix in re.findall(r'f"([a-z_]+\.[a-z_]+):\{', path.read_text(encoding="utf-8"))
    }
    assert {"audits.finding", "certificates.case", "registry.body"} <= written
    assert written <= set(evidence._resolvers)


def test_a_finding_shows_as_a_link_to_its_inspection_on_the_record_page(client):
    inspection = factories.inspection_in("reviewed", findings=("major",))
    entry = Entry.objects.get(subject_type="body", subject_id=inspection.body_id)
    client.force_login(factories.centre_officer())
    page = client.get(f"/registry/bodies/{inspection.body_id}/integrity/").content.decode()
    finding_id = entry.evidence_ref.split(":")[1]
    label = f"督导检查发现 #{finding_id}（{inspection.number}）"
    assert f'<a href="{inspection.get_absolute_url()}">{label}</a>' in page
    assert "audits.finding:" not in page


def test_no_link_for_a_viewer_who_may_not_open_it_and_typed_references_stay_as_written():
    body = factories.filed_body()
    shown = evidence.shown(f"registry.body:{body.pk}", factories.centre_officer())
    assert (shown.label, shown.url) == (f"评价机构：{body.name}", body.get_absolute_url())
    assert evidence.shown(f"registry.body:{body.pk}", AnonymousUser()).url == ""
    assert evidence.shown(f"registry.body:{body.pk}", factories.district_officer("500107")).url == ""
    assert evidence.shown("鉴定中心〔2026〕12号", None).label == "鉴定中心〔2026〕12号"
    assert evidence.shown("inspection:7", None).label == "inspection:7"
