"""A person changes their own password, and must replace one that someone else gave them
(accounts.middleware) before any other page opens."""

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts import services
from accounts.models import User
from core.roles import Role

URL = reverse("accounts:password_change")
CURRENT = "matkhau-demo-2025"  # every persona's password (accounts.tests.factories)
NEW = "Cua-rieng-toi-2025"
GIVEN = "Duoc-cap-2025"
GIVEN_NOTICE = "Mật khẩu này do người quản trị cấp. Hãy đổi mật khẩu trước khi tiếp tục."


def _change(old: str = CURRENT, new: str = NEW, again: str | None = None, **extra) -> dict:
    return {"old_password": old, "new_password1": new, "new_password2": new if again is None else again, **extra}


def _given_password(personas, user) -> Client:
    """An officer gives `user` a password on the management page; `user` signs in with it."""
    officer = Client()
    officer.force_login(personas.province_officer)
    response = officer.post(reverse("accounts:account_password", args=[user.pk]), {"password": GIVEN})
    assert response.status_code == 302
    client = Client()
    assert client.login(username=user.username, password=GIVEN)
    return client


def _redirected_to_change(response) -> bool:
    return response.status_code == 302 and response.url.startswith(URL)


# --- Changing one's own password ---------------------------------------------------------------


def test_a_person_changes_their_password_and_stays_signed_in(personas):
    client = Client()
    assert client.login(username="lanhdao", password=CURRENT)
    elsewhere = Client()
    assert elsewhere.login(username="lanhdao", password=CURRENT)
    page = client.get(URL)
    assert page.status_code == 200 and "Mật khẩu hiện tại" in page.content.decode()

    response = client.post(URL, _change())

    assert response.status_code == 302 and response.url == reverse("home")
    leader = User.objects.get(pk=personas.leader.pk)
    assert leader.check_password(NEW) and not leader.check_password(CURRENT)
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 200 and "Đã đổi mật khẩu." in profile.content.decode()
    # Other sessions signed in with the old password end.
    assert elsewhere.get(reverse("accounts:profile")).url.startswith(reverse("accounts:login"))


def test_the_change_is_recorded_with_who_and_when(personas, client_for):
    before = timezone.now()
    client_for(personas.leader).post(URL, _change())
    row = User.history.filter(id=personas.leader.pk).latest("history_date")
    assert row.history_user_id == personas.leader.pk and row.history_change_reason == "Tự đổi mật khẩu"
    assert before <= row.history_date <= timezone.now()
    entry = client_for(personas.province_officer).get(reverse("accounts:account_detail", args=[personas.leader.pk]))
    entry = entry.context["history"][0]
    assert entry.who == str(personas.leader) and entry.reason == "Tự đổi mật khẩu"


def test_a_wrong_current_password_changes_nothing(personas, client_for):
    _assert_refused(personas, client_for, _change(old="khong-phai-mat-khau"), "Mật khẩu hiện tại không đúng.")


def test_two_different_new_passwords_change_nothing(personas, client_for):
    _assert_refused(personas, client_for, _change(again="Cua-rieng-toi-2026"), "Hai lần nhập mật khẩu mới không giống nhau.")


def test_a_short_new_password_is_refused_in_vietnamese(personas, client_for):
    _assert_refused(personas, client_for, _change(new="Ab3-x"), "Mật khẩu quá ngắn: cần ít nhất 8 ký tự.")


def test_a_common_new_password_is_refused_in_vietnamese(personas, client_for):
    _assert_refused(personas, client_for, _change(new="password123"), "Mật khẩu này quá phổ biến.")


def test_keeping_the_same_password_is_refused(personas, client_for):
    _assert_refused(personas, client_for, _change(new=CURRENT), "Mật khẩu mới phải khác mật khẩu hiện tại.")


def test_empty_fields_are_named_in_vietnamese(personas, client_for):
    _assert_refused(personas, client_for, _change(old="", new=""), "Mật khẩu hiện tại: không được để trống.")


def _assert_refused(personas, client_for, data: dict, message: str) -> None:
    stored = User.objects.get(pk=personas.leader.pk).password
    rows = User.history.filter(id=personas.leader.pk).count()
    response = client_for(personas.leader).post(URL, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert User.objects.get(pk=personas.leader.pk).password == stored
    assert User.history.filter(id=personas.leader.pk).count() == rows


def test_the_page_changes_only_the_signed_in_persons_password(personas, client_for):
    """Nothing in the request names the account: a forged `user` or `username` is ignored."""
    other = personas.commune_officer
    other_password = User.objects.get(pk=other.pk).password
    response = client_for(personas.leader).post(URL, _change(user=other.pk, username=other.username, pk=other.pk))
    assert response.status_code == 302
    assert User.objects.get(pk=other.pk).password == other_password
    assert User.objects.get(pk=personas.leader.pk).check_password(NEW)
    assert not User.history.filter(id=other.pk, history_change_reason="Tự đổi mật khẩu").exists()


def test_anonymous_visitors_are_sent_to_sign_in(db):
    for response in (Client().get(URL), Client().post(URL, _change())):
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert Client().get(reverse("accounts:account_list")).url.startswith(reverse("accounts:login"))
    assert Client().get(reverse("registry:organization_list")).status_code == 200  # the public registry, as before


def test_it_returns_to_the_page_it_was_opened_from_but_never_to_another_site(personas, client_for):
    client = client_for(personas.leader)
    assert client.post(f"{URL}?next=/to-chuc/", _change()).url == "/to-chuc/"
    response = client.post(URL, _change(old=NEW, new="Lan-thu-ba-2025", next="https://example.com/"))
    assert response.url == reverse("home")


def test_the_profile_and_the_menu_link_to_the_page(personas, client_for):
    page = client_for(personas.cooperative).get(reverse("accounts:profile")).content.decode()
    assert page.count(f'href="{URL}') == 2


def test_the_page_speaks_english_when_asked(personas, client_for):
    client = client_for(personas.leader)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(URL).content.decode()
    assert "Change password" in page and "Current password" in page
    response = client.post(URL, _change(new="Ab3-x"))
    assert "This password is too short: it needs at least 8 characters." in response.content.decode()


# --- A password someone else gave must be replaced ---------------------------------------------


def test_creating_an_account_or_setting_someone_elses_password_requires_a_change(personas):
    account = User(username="canbo_moi", full_name="Nguyễn Thị Mai", province=personas.geo.province)
    services.account_create(actor=personas.province_officer, account=account, roles=[Role.LEADER], organizations=[])
    assert User.objects.get(pk=account.pk).must_change_password
    services.password_change_own(user=account, password=NEW)
    assert not User.objects.get(pk=account.pk).must_change_password
    services.account_set_password(actor=personas.province_officer, account=account)
    assert User.objects.get(pk=account.pk).must_change_password


def test_setting_ones_own_password_on_the_management_page_requires_no_change(personas):
    me = personas.province_officer
    services.account_set_password(actor=me, account=me, password=NEW)
    assert not User.objects.get(pk=me.pk).must_change_password


def test_the_officer_giving_a_password_is_told_it_must_be_changed(personas, client_for):
    url = reverse("accounts:account_password", args=[personas.leader.pk])
    notice = "Người dùng sẽ phải tự đổi mật khẩu này ở lần đăng nhập tới."
    assert notice in client_for(personas.province_officer).get(url).content.decode()
    mine = reverse("accounts:account_password", args=[personas.province_officer.pk])
    assert notice not in client_for(personas.province_officer).get(mine).content.decode()


def test_a_given_password_leads_every_page_to_the_change_page(personas):
    client = _given_password(personas, personas.leader)
    for name in ("registry:organization_list", "home", "accounts:profile", "accounts:account_list"):
        response = client.get(reverse(name))
        assert _redirected_to_change(response), name
    response = client.get(reverse("registry:organization_list"), {"q": "hợp tác"})
    assert response.url == f"{URL}?next=%2Fto-chuc%2F%3Fq%3Dh%25E1%25BB%25A3p%2Bt%25C3%25A1c"
    assert GIVEN_NOTICE in [str(m) for m in get_messages(response.wsgi_request)]
    page = client.get(response.url)
    assert page.status_code == 200 and GIVEN_NOTICE in page.content.decode()
    # A form posted to another page is not carried out either.
    response = client.post(reverse("accounts:token_regenerate"))
    assert _redirected_to_change(response) and not Token.objects.filter(user=personas.leader).exists()


def test_htmx_requests_are_sent_to_the_change_page_as_a_whole_page(personas):
    client = _given_password(personas, personas.leader)
    response = client.get(
        reverse("registry:organization_list"),
        headers={"HX-Request": "true", "HX-Target": "results", "HX-Current-URL": "http://testserver/to-chuc/?q=htx"},
    )
    assert response.status_code == 200 and not response.content
    assert response["HX-Redirect"] == f"{URL}?next=%2Fto-chuc%2F%3Fq%3Dhtx"


def test_the_api_signing_out_and_the_language_switch_stay_open(personas):
    client = _given_password(personas, personas.leader)
    token = Token.objects.create(user=personas.leader)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    # A token is refused until the given password is replaced (accounts.tokens), with a message.
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 403 and "đổi mật khẩu" in refused.json()["detail"]
    assert client.get("/api/v1/me/").status_code == 200  # the session's browser API view too
    response = client.post(reverse("set_language"), {"language": "en", "next": "/to-chuc/"})
    assert response.status_code == 302 and response.url == "/to-chuc/"
    assert client.get(reverse("javascript-catalog")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("accounts:profile")).url.startswith(reverse("accounts:login"))


def test_after_changing_the_given_password_pages_open_again(personas):
    client = _given_password(personas, personas.leader)
    response = client.post(f"{URL}?next=/to-chuc/", _change(old=GIVEN))
    assert response.url == "/to-chuc/"
    assert not User.objects.get(pk=personas.leader.pk).must_change_password
    for name in ("registry:organization_list", "home", "accounts:profile"):
        assert client.get(reverse(name)).status_code == 200, name


def test_others_are_not_affected(personas, client_for):
    _given_password(personas, personas.leader)
    assert client_for(personas.commune_officer).get(reverse("registry:organization_list")).status_code == 200


def test_the_account_page_tells_managers_whether_the_given_password_was_changed(personas, client_for):
    manager = client_for(personas.province_officer)
    url = reverse("accounts:account_detail", args=[personas.leader.pk])
    assert "Không phải đổi" in manager.get(url).content.decode()
    client = _given_password(personas, personas.leader)
    assert "Chưa đổi mật khẩu được cấp" in manager.get(url).content.decode()
    client.post(URL, _change(old=GIVEN))
    assert "Chưa đổi mật khẩu được cấp" not in manager.get(url).content.decode()


def test_a_password_set_in_django_admin_for_someone_else_must_be_changed(personas):
    superuser = User.objects.create_superuser("sieuquantri", password=CURRENT)
    client = Client()
    client.force_login(superuser)
    person = personas.commune_officer
    url = reverse("admin:auth_user_password_change", args=[person.pk])
    response = client.post(url, {"password1": GIVEN, "password2": GIVEN, "usable_password": "true"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(GIVEN) and person.must_change_password
    assert person.history.first().must_change_password
    # Their own password, set there by the superuser, is theirs: nothing to change.
    own = reverse("admin:auth_user_password_change", args=[superuser.pk])
    assert client.post(own, {"password1": NEW, "password2": NEW, "usable_password": "true"}).status_code == 302
    superuser.refresh_from_db()
    assert superuser.check_password(NEW) and not superuser.must_change_password
