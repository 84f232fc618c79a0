"""Error pages in the site's look: Vietnamese or English, the menu or a link home, and a 500's
reference code that is also in the log."""

import logging
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_vietnamese_with_the_menu():
    response = Client().get("/khong-co-trang-nay/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in body
    assert 'aria-label="Điều hướng chính"' in body  # the menu
    assert 'href="/"' in body


def test_a_missing_page_answers_404_in_english_for_whoever_chose_english():
    client = Client()
    client.cookies["django_language"] = "en"
    body = client.get("/khong-co-trang-nay/").content.decode()
    assert "Page not found" in body
    assert "Không tìm thấy trang" not in body


def test_a_refusal_answers_403_in_the_sites_look(personas, client_for):
    response = client_for(personas.cooperative).get("/tai-khoan/quan-ly/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.urls("core.tests.error_urls")
def test_a_server_error_shows_a_reference_code_that_is_in_the_log(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="hoptac.errors"):
        response = client.get("/loi-thu/")
    body = response.content.decode()
    assert response.status_code == 500
    code = re.search(r'id="error-reference">([A-Z0-9]{8})<', body).group(1)
    assert any(code in record.getMessage() and record.exc_info for record in caplog.records)
    assert "Traceback" not in body and "a bug" not in body


def test_a_server_error_page_falls_back_to_a_link_home_when_the_menu_cannot_render(rf, monkeypatch):
    from core import error_pages as errors

    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr("core.context_processors.menu_for", broken)
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert 'href="/"' in body and "Lỗi máy chủ" in body and "Điều hướng chính" not in body


def test_a_form_sent_without_its_csrf_token_explains_the_expired_session():
    response = Client(enforce_csrf_checks=True).post("/tai-khoan/dang-nhap/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_a_wrong_query_parameter_is_named_in_english_for_whoever_chose_english(personas, client_for):
    client = client_for(personas.province_officer)
    client.cookies["django_language"] = "en"
    response = client.get("/danh-gia/ket-qua/", {"year": "abc"})
    assert response.status_code == 400
    assert "Invalid parameter." in response.content.decode()


def test_a_nul_character_in_a_query_parameter_answers_400_on_every_database():
    response = Client().get("/dia-ban/", {"q": "Hòa\x00Vang"})
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()
