"""API tokens end (accounts.tokens): they expire, a password change or reset revokes them, and they are
refused while the account must replace a password someone gave it."""

import datetime as dt

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services

CURRENT = "matkhau-demo-2025"  # every persona's password (accounts.tests.factories)
NEW = "Cua-rieng-toi-2025"


def _api(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key if isinstance(token, Token) else token}")
    return client


def _obtain(username, password=CURRENT):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def test_the_token_endpoint_says_when_the_token_expires(personas, settings):
    settings.HOPTAC_API_TOKEN_DAYS = 7
    body = _obtain(personas.leader.username).json()
    token = Token.objects.get(key=body["token"])
    assert dt.datetime.fromisoformat(body["expires_at"]) == token.created + dt.timedelta(days=7)


def test_an_expired_token_is_refused_with_a_401_and_a_new_one_is_issued(personas, settings):
    settings.HOPTAC_API_TOKEN_DAYS = 30
    token = Token.objects.create(user=personas.leader)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=31))
    response = _api(token).get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
    assert "hết hạn" in response.json()["detail"]
    fresh = _obtain(personas.leader.username).json()["token"]
    assert fresh != token.key and _api(fresh).get("/api/v1/me/").status_code == 200


def test_a_token_within_its_days_works(personas, settings):
    settings.HOPTAC_API_TOKEN_DAYS = 30
    token = Token.objects.create(user=personas.leader)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(days=29))
    assert _api(token).get("/api/v1/me/").status_code == 200


def test_changing_ones_own_password_revokes_the_token(personas):
    token = Token.objects.create(user=personas.leader)
    client = Client()
    client.force_login(personas.leader)
    response = client.post(
        reverse("accounts:password_change"), {"old_password": CURRENT, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert not Token.objects.filter(user=personas.leader).exists()
    assert _api(token).get("/api/v1/me/").status_code == 401


def test_an_officer_resetting_the_password_revokes_the_token_and_the_new_one_is_refused_until_changed(personas):
    token = Token.objects.create(user=personas.leader)
    services.account_set_password(actor=personas.province_officer, account=personas.leader, password="Duoc-cap-2025")
    assert _api(token).get("/api/v1/me/").status_code == 401
    refused = _obtain(personas.leader.username, "Duoc-cap-2025")
    assert refused.status_code == 403 and "đổi mật khẩu" in refused.json()["detail"]
    assert not Token.objects.filter(user=personas.leader).exists()


def test_a_token_of_an_account_that_must_change_its_password_is_refused_with_a_message(personas):
    token = Token.objects.create(user=personas.leader)
    type(personas.leader).objects.filter(pk=personas.leader.pk).update(must_change_password=True)
    response = _api(token).get("/api/v1/organizations/")
    assert response.status_code == 403 and "đổi mật khẩu" in response.json()["detail"]


def test_the_changepassword_command_revokes_tokens_too(personas, monkeypatch):
    token = Token.objects.create(user=personas.leader)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", personas.leader.username, stdout=open("/dev/null", "w"))
    assert _api(token).get("/api/v1/me/").status_code == 401


def test_saving_an_account_without_touching_the_password_keeps_the_token(personas):
    token = Token.objects.create(user=personas.leader)
    personas.leader.full_name = "Lãnh đạo mới"
    personas.leader.save()
    assert _api(token).get("/api/v1/me/").status_code == 200
