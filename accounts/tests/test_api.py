from rest_framework.test import APIClient


def test_a_token_is_obtained_with_username_and_password_and_works(personas):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "xa", "password": "matkhau-demo-2025"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/me/").json()
    assert me["username"] == "xa" and me["roles"] == ["commune_officer"] and me["commune"] == personas.geo.commune_a.pk


def test_a_wrong_password_gets_no_token(personas):
    response = APIClient().post("/api/v1/auth/token/", {"username": "xa", "password": "sai"}, format="json")
    assert response.status_code == 400 and "token" not in response.json()


def test_me_needs_authentication(db):
    assert APIClient().get("/api/v1/me/").status_code == 403


def test_a_bad_token_is_refused(personas):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-hop-le")
    assert client.get("/api/v1/organizations/").status_code in (401, 403)
