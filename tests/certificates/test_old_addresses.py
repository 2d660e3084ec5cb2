"""The certificate pages lived under /audits/ before the certificates app: old links and bookmarks still
work, by a permanent redirect that keeps the query and (308) the method."""

import pytest

from tests import factories


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/audits/rosters/", "/certificates/rosters/"),
        ("/audits/rosters/12/", "/certificates/rosters/12/"),
        ("/audits/rosters/upload/", "/certificates/rosters/upload/"),
        ("/audits/findings/?rule=UNDER_AGE&page=2", "/certificates/findings/?rule=UNDER_AGE&page=2"),
        ("/audits/cases/", "/certificates/cases/"),
        ("/audits/cases/3/confirm/", "/certificates/cases/3/confirm/"),
    ],
)
def test_an_old_address_redirects_permanently_to_the_new_one(client, old, new):
    response = client.get(old)
    assert response.status_code == 308
    assert response["Location"] == new


@pytest.mark.django_db
def test_a_form_posted_to_an_old_address_is_posted_again_to_the_new_one(client):
    client.force_login(factories.centre_officer())
    response = client.post("/audits/cases/new/", {"text": "投诉"}, follow=True)
    assert response.redirect_chain == [("/certificates/cases/new/", 308)]
    assert response.request["REQUEST_METHOD"] == "POST"


@pytest.mark.django_db
def test_the_supervision_pages_that_share_a_word_are_not_redirected(client):
    """An inspection finding's delete address starts like the old findings page: it stays in audits."""
    response = client.post("/audits/findings/999999/delete/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
