"""The occupation picker's endpoint finds catalogue entries by name or code prefix; the forms accept a
code, the picker's "code name" or a name only one entry has, and still refuse what names nothing."""

import pytest
from django.urls import reverse

from examiners.forms import SessionForm
from registry.catalogue_views import LIMIT
from registry.forms import ScopeLineForm
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("registry:occupation_search")


@pytest.fixture
def signed_in(client):
    client.force_login(factories.body_admin())
    return client


def results(client, q: str) -> list[dict]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_a_name_finds_the_exact_entry_first(signed_in):
    found = results(signed_in, "焊工")
    assert found[0]["code"] == "6-18-02-04" and found[0]["name"] == "焊工"
    assert {"id", "code", "name"} == set(found[0])
    assert all("焊工" in o["name"] for o in found) and len(found) >= 2  # 喷涂喷焊工 too


def test_a_code_prefix_lists_the_codes_under_it(signed_in):
    found = results(signed_in, "6-18")
    assert found and all(o["code"].startswith("6-18") for o in found)
    assert [o["code"] for o in found] == sorted(o["code"] for o in found)


def test_nonsense_and_empty_find_nothing(signed_in):
    assert results(signed_in, "qwertyzz") == []
    assert results(signed_in, "  ") == []


def test_an_answer_lists_at_most_the_limit(signed_in):
    assert len(results(signed_in, "6")) == LIMIT == 20
    assert len(results(signed_in, "工")) == LIMIT


def test_the_public_is_sent_to_log_in(client):
    assert client.get(URL, {"q": "焊工"}).status_code == 302


@pytest.mark.parametrize(
    ("typed", "code"),
    [("6-18-02-04", "6-18-02-04"), ("6-18-02-04 焊工", "6-18-02-04"), ("焊工", "6-18-02-04")],
)
def test_the_scope_line_form_takes_a_code_or_a_name(typed, code):
    form = ScopeLineForm({"occupation_code": typed, "level": 4, "action": "add"})
    assert form.is_valid(), form.errors
    assert form.as_request().occupation_code == code


def test_the_session_form_refuses_an_occupation_it_cannot_name():
    body = factories.filed_body()
    data = {"body": body.pk, "level": 4, "date": "2030-01-01", "practical_rooms": 1, "candidates": 10}
    bodies = type(body).objects.filter(pk=body.pk)
    assert SessionForm({**data, "occupation": "焊工"}, bodies=bodies).is_valid()
    refused = SessionForm({**data, "occupation": "不存在的职业"}, bodies=bodies)
    assert not refused.is_valid() and "occupation" in refused.errors
