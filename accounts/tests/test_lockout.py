"""Guessing passwords is stopped (django-axes through accounts.lockout) on the login page, the admin login
and the API's token endpoint: after the limit, even the right password is refused for the cool-off
time with a Vietnamese message; other people and other user names are unaffected."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

CURRENT = "matkhau-demo-2025"  # every persona's password (accounts.tests.factories)
LOCKED = "Đăng nhập sai quá 5 lần"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5


def _page(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def _admin(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/quan-tri/"})


def _token(client, username, password):
    return client.post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


@pytest.mark.parametrize("attempt", [_page, _admin, _token], ids=["login page", "admin login", "token endpoint"])
def test_thirty_wrong_passwords_lock_the_user_name_even_against_the_right_one(personas, attempt):
    client = APIClient() if attempt is _token else Client()
    statuses = [attempt(client, personas.admin.username, f"sai-{n}").status_code for n in range(30)]
    assert 429 not in statuses[:4] and set(statuses[4:]) == {429}  # the fifth wrong password locks
    refused = attempt(client, personas.admin.username, CURRENT)
    assert refused.status_code == 429 and refused["Retry-After"] == "900"
    body = refused.json()["detail"] if attempt is _token else refused.content.decode()
    assert LOCKED in body and "15 phút" in body
    assert "_auth_user_id" not in client.session


def test_the_lockout_keeps_other_user_names_open(personas):
    client = Client()
    for n in range(6):
        _page(client, personas.admin.username, f"sai-{n}")
    response = _page(client, personas.leader.username, CURRENT)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(personas.leader.pk)


def test_a_right_password_before_the_limit_resets_the_count(personas):
    client = Client()
    for n in range(4):
        _page(client, personas.leader.username, f"sai-{n}")
    assert _page(client, personas.leader.username, CURRENT).status_code == 302
    client.logout()
    for n in range(4):
        _page(client, personas.leader.username, f"sai-{n}")
    assert _page(client, personas.leader.username, CURRENT).status_code == 302


def test_the_lockout_page_is_in_english_for_english_readers(personas):
    client = Client()
    client.cookies["django_language"] = "en"
    for n in range(6):
        response = _page(client, personas.admin.username, f"sai-{n}")
    assert response.status_code == 429 and "Too many wrong passwords" in response.content.decode()
