"""The upload page's template has the headers the import reads, and its instructions name the columns
as the import's problems do (all from certificates/rosters/columns.py)."""

import pytest
from django.urls import reverse

from certificates.rosters.columns import COLUMNS, HEADINGS
from certificates.services.rosters import RosterRefused, import_roster
from common.tables import map_headers, read_table
from tests import factories
from tests.helpers import admin_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    body = factories.filed_body()
    client.force_login(admin_of(body))
    return client


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_has_every_column_the_import_reads(admin_client, fmt):
    response = admin_client.get(reverse("certificates:roster_template", args=[fmt]))
    assert response.status_code == 200
    assert f'filename="roster-template.{fmt}"' in response["Content-Disposition"]
    table = read_table(response.content, f"roster-template.{fmt}", headings=HEADINGS)
    assert table.headers == [c.zh for c in COLUMNS]
    _positions, _written, problems = map_headers(table.headers, HEADINGS)
    assert problems == []


def test_an_unknown_format_is_not_found(admin_client):
    assert admin_client.get("/certificates/rosters/template.pdf").status_code == 404


def test_the_instructions_name_the_columns_as_the_problems_do(admin_client):
    page = admin_client.get(reverse("certificates:roster_upload")).content.decode()
    assert (
        'href="/certificates/rosters/template.xlsx"' in page
        and 'href="/certificates/rosters/template.csv"' in page
    )
    for column in COLUMNS:
        assert f"<dt>{column.zh}</dt>" in page
    # A file missing a required column is refused with a problem naming it exactly as the page does.
    headers = [c.zh for c in COLUMNS if c.field != "id_number"]
    csv = (",".join(headers) + "\n" + ",".join("x" for _ in headers) + "\n").encode()
    with pytest.raises(RosterRefused) as refused:
        import_roster(user=factories.centre_officer(), data=csv, filename="r.csv")
    named = {e.column for e in refused.value.errors if "缺少" in e.message or "missing" in e.message}
    assert "证件号码" in named
