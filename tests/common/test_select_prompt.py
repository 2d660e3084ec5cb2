"""An empty choice reads 「请选择」 on every form, not Django's "- Select an option -" or "---------"."""

import re

import pytest

from tests import factories
from tests.helpers import admin_of

pytestmark = pytest.mark.django_db


def first_option(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r"<option[^>]*>(.*?)</option>", select, re.S).group(1)


def test_filing_form_selects_say_please_choose(client):
    client.force_login(factories.body_admin())
    html = client.get("/registry/filings/new/").content.decode()
    assert first_option(html, "body-district") == "请选择"  # a model choice field's empty_label
    assert first_option(html, "body-kind") == "请选择"  # a model field's blank choice
    assert "Select an option" not in html and "---------" not in html


def test_session_form_select_says_please_choose(client):
    body = factories.filed_body()
    client.force_login(admin_of(body))
    html = client.get("/examiners/sessions/new/").content.decode()
    assert first_option(html, "body") == "请选择"
    assert "Select an option" not in html and "---------" not in html
