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


def test_me_needs_authentication_and_says_how_with_a_401(db):
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


def test_a_bad_token_is_refused_with_a_401_even_where_anonymous_reading_is_allowed(personas):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token khong-hop-le")
    response = client.get("/api/v1/organizations/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"
