"""403, 404 and 500 answer in Chinese inside the site's frame (tests run with DEBUG off)."""

import pytest
from django.test import RequestFactory
from django.urls import path
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_404_is_chinese_in_the_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert 'class="topbar"' in html and "返回首页" in html
    assert "Not Found" not in html


def test_403_is_chinese_in_the_layout(client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x")
    client.force_login(user)
    # The new-filing page is for body administrators only: a user without roles is refused.
    response = client.get("/registry/filings/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html and 'class="topbar"' in html


def test_500_needs_neither_request_context_nor_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html and 'class="topbar"' in html and "返回首页" in html


def test_an_exception_in_a_view_answers_the_chinese_500(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]  # the URLconf of the test above
