import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token


def test_sign_in_with_the_login_form(personas, client):
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": "matkhau-demo-2025"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_password_is_explained_in_vietnamese(personas, client):
    response = client.post(reverse("accounts:login"), {"username": "xa", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_the_profile_needs_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_a_user_creates_replaces_and_revokes_their_token(personas, client_for):
    client = client_for(personas.province_officer)
    client.post(reverse("accounts:token_regenerate"))
    first = Token.objects.get(user=personas.province_officer).key
    assert first in client.get(reverse("accounts:profile")).content.decode()
    client.post(reverse("accounts:token_regenerate"))
    assert Token.objects.get(user=personas.province_officer).key != first
    client.post(reverse("accounts:token_revoke"))
    assert not Token.objects.filter(user=personas.province_officer).exists()


@pytest.mark.parametrize("url_name", ["accounts:token_regenerate", "accounts:token_revoke"])
def test_token_actions_refuse_get_and_anonymous(personas, client_for, url_name):
    assert client_for(personas.province_officer).get(reverse(url_name)).status_code == 405
    response = client_for(None).post(reverse(url_name))
    assert response.status_code == 302 and not Token.objects.exists()


def test_one_user_cannot_touch_another_users_token(personas, client_for):
    theirs = Token.objects.create(user=personas.commune_officer)
    client_for(personas.province_officer).post(reverse("accounts:token_revoke"))
    assert Token.objects.get(user=personas.commune_officer) == theirs
