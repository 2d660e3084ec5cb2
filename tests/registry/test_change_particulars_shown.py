"""A change filing shows its changed particulars by their labels, never the fields' code names."""

import pytest

from registry import services
from tests import factories
from tests.helpers import admin_of

pytestmark = pytest.mark.django_db


def test_changed_particulars_are_labelled_and_choices_spelt_out(client):
    body = factories.filed_body()
    admin = admin_of(body)
    application = services.open_application(
        user=admin,
        body=body,
        kind="change",
        particulars={"contact_phone": "023-61234567", "audience": "own_staff", "retired_field": "x"},
    )
    client.force_login(admin)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "<dt>联系电话</dt><dd>023-61234567</dd>" in page
    assert "<dt>评价对象</dt>" in page and "own_staff" not in page
    assert "contact_phone" not in page
    assert application.particulars_shown()[-1] == ("retired_field", "x")
