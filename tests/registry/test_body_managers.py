"""A body's managers are registered by resident ID: its area code in use at some time since their birth."""

import pytest
from django.core.exceptions import ValidationError

from registry.identifiers import resident_id
from registry.models import BodyManager
from registry.services import add_manager
from tests import factories

pytestmark = pytest.mark.django_db


def admin_of(body):
    return body.applications.order_by("pk").first().applicant


def test_a_manager_whose_id_was_given_after_birth_is_registered():
    body = factories.filed_body()
    wanzhou = resident_id(11, born="19670304", area="500101")  # 万州区's code dates from 1997
    manager = add_manager(body=body, user=admin_of(body), name="王经理", id_number=wanzhou)
    assert (manager.body, manager.id_number) == (body, wanzhou)


@pytest.mark.parametrize(
    "number",
    [
        resident_id(12, born="20010304", area="510202"),  # retired in 1997, before the birth
        resident_id(13, born="19670304", area="999999"),  # never a code
    ],
)
def test_a_manager_whose_area_code_cannot_be_theirs_is_refused(number):
    body = factories.filed_body()
    with pytest.raises(ValidationError) as error:
        add_manager(body=body, user=admin_of(body), name="王经理", id_number=number)
    assert "id_number" in error.value.message_dict
    assert not BodyManager.objects.exists()
