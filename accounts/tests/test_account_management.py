"""Account-management pages: who is refused, what a province or commune officer may create, and
that every change is recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory
from core.roles import Role


def _form(**overrides) -> dict:
    data = {
        "username": "canbo_moi",
        "full_name": "Nguyễn Thị Mai",
        "position": "Chuyên viên",
        "phone": "0905 123 456",
        "email": "mai@example.vn",
        "is_active": "on",
        "password": "Tam-thoi-2025",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _edit_form(account: User, **overrides) -> dict:
    data = {
        "username": account.username,
        "full_name": account.full_name,
        "position": account.position,
        "phone": account.phone,
        "email": account.email,
        "province": account.province_id or "",
        "commune": account.commune_id or "",
        "agency": account.agency_id or "",
        "roles": list(account.groups.values_list("name", flat=True)),
        "organizations": list(account.represented_organizations.values_list("pk", flat=True)),
        "is_active": "on" if account.is_active else "",
        "version": account.version,
    }
    data.update(overrides)
    return data


def _snapshot() -> list[tuple]:
    """Everything an account page could change, to check that a refused request changed nothing."""
    return [
        (
            user.username,
            user.full_name,
            user.is_active,
            user.password,
            user.province_id,
            user.commune_id,
            tuple(sorted(user.groups.values_list("name", flat=True))),
            tuple(sorted(user.represented_organizations.values_list("pk", flat=True))),
        )
        for user in User.objects.order_by("pk")
    ]


@pytest.fixture
def other_province_officer(personas):
    return UserFactory(username="tinh_hue", roles=[Role.PROVINCE_OFFICER], province=personas.geo.other_province)


def _requests(target: User) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("accounts:account_list"), {}),
        ("get", reverse("accounts:account_create"), {}),
        ("post", reverse("accounts:account_create"), _form(roles=[Role.LEADER])),
        ("get", reverse("accounts:account_detail", args=[target.pk]), {}),
        ("get", reverse("accounts:account_update", args=[target.pk]), {}),
        ("post", reverse("accounts:account_update", args=[target.pk]), _edit_form(target, full_name="Đã bị sửa")),
        ("post", reverse("accounts:account_password", args=[target.pk]), {"password": "Mat-khau-moi-2025"}),
        ("post", reverse("accounts:account_set_active", args=[target.pk]), {"active": "0"}),
    ]


def test_anonymous_visitors_are_sent_to_sign_in_and_nothing_changes(personas):
    before = _snapshot()
    for method, url, data in _requests(personas.cooperative):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302 and reverse("accounts:login") in response.url, url
    assert _snapshot() == before


@pytest.mark.parametrize("who", ["cooperative", "department_officer", "leader", "alliance_officer"])
def test_users_who_manage_no_accounts_are_refused_everywhere(personas, client_for, who):
    client = client_for(getattr(personas, who))
    before = _snapshot()
    for method, url, data in _requests(personas.other_cooperative):
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before


def test_a_commune_officer_cannot_touch_another_communes_representative(personas, client_for):
    # `cooperative` represents an organization of commune A; xa_khac is the officer of commune B.
    client = client_for(personas.other_commune_officer)
    before = _snapshot()
    for method, url, data in _requests(personas.cooperative)[3:]:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before


def test_a_commune_officer_cannot_manage_officers_even_of_their_commune(personas, client_for):
    client = client_for(personas.commune_officer)
    before = _snapshot()
    for method, url, data in _requests(personas.province_officer)[3:]:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before


def test_a_province_officer_cannot_edit_accounts_of_another_province(personas, client_for, other_province_officer):
    client = client_for(other_province_officer)
    before = _snapshot()
    for target in (personas.commune_officer, personas.cooperative, personas.province_officer):
        for method, url, data in _requests(target)[3:]:
            assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before
    listed = client.get(reverse("accounts:account_list")).context["page"].object_list
    assert [user.username for user in listed] == ["tinh_hue"]


def test_a_province_officer_cannot_manage_administrators(personas, client_for):
    client = client_for(personas.province_officer)
    before = _snapshot()
    for method, url, data in _requests(personas.admin)[3:]:
        assert getattr(client, method)(url, data).status_code == 403, url
    assert _snapshot() == before


def test_a_province_officer_cannot_grant_the_admin_role(personas, client_for):
    client = client_for(personas.province_officer)
    before = _snapshot()
    response = client.post(reverse("accounts:account_create"), _form(roles=[Role.ADMIN], province=personas.geo.province.pk))
    assert response.status_code == 200 and "Vai trò: lựa chọn không hợp lệ" in response.content.decode()
    target = personas.department_officer
    response = client.post(reverse("accounts:account_update", args=[target.pk]), _edit_form(target, roles=[Role.ADMIN]))
    assert response.status_code == 200
    assert _snapshot() == before
    assert Role.ADMIN not in dict(response.context["form"].fields["roles"].choices)


def test_a_province_officer_creates_a_commune_officer_who_sees_only_their_commune(personas, client_for):
    geo = personas.geo
    response = client_for(personas.province_officer).post(
        reverse("accounts:account_create"),
        _form(roles=[Role.COMMUNE_OFFICER], province=geo.province.pk, commune=geo.commune_a.pk),
    )
    account = User.objects.get(username="canbo_moi")
    assert response.status_code == 302 and response.url == reverse("accounts:account_detail", args=[account.pk])
    assert account.roles == {Role.COMMUNE_OFFICER} and account.commune == geo.commune_a
    newcomer = Client()
    assert newcomer.login(username="canbo_moi", password="Tam-thoi-2025")
    # A given password is replaced before anything else opens (accounts.middleware).
    mine = "Cua-rieng-toi-2025"
    changed = newcomer.post(
        reverse("accounts:password_change"), {"old_password": "Tam-thoi-2025", "new_password1": mine, "new_password2": mine}
    )
    assert changed.status_code == 302
    listed = newcomer.get(reverse("registry:organization_list")).context["page"].object_list
    assert [organization.name for organization in listed] == [personas.organization.name]


def test_a_commune_officer_account_needs_a_commune_inside_the_province(personas, client_for):
    geo = personas.geo
    client = client_for(personas.admin)
    response = client.post(reverse("accounts:account_create"), _form(roles=[Role.COMMUNE_OFFICER], province=geo.province.pk))
    assert "phải có xã, phường phụ trách" in response.content.decode()
    response = client.post(
        reverse("accounts:account_create"),
        _form(roles=[Role.COMMUNE_OFFICER], province=geo.other_province.pk, commune=geo.commune_a.pk),
    )
    assert "không thuộc" in response.content.decode()
    assert not User.objects.filter(username="canbo_moi").exists()


def test_a_commune_officer_creates_a_representative_of_their_communes_organization_only(personas, client_for):
    client = client_for(personas.commune_officer)
    response = client.post(
        reverse("accounts:account_create"),
        _form(roles=[Role.COOPERATIVE], organizations=[personas.other_organization.pk], password=""),
    )
    assert response.status_code == 200 and not User.objects.filter(username="canbo_moi").exists()
    response = client.post(reverse("accounts:account_create"), _form(roles=[Role.COOPERATIVE], organizations=[]))
    assert "phải gắn với ít nhất một tổ chức" in response.content.decode()
    response = client.post(
        reverse("accounts:account_create"),
        _form(roles=[Role.COOPERATIVE], organizations=[personas.organization.pk], password=""),
    )
    account = User.objects.get(username="canbo_moi")
    assert list(account.represented_organizations.all()) == [personas.organization]
    # The generated password is shown once, and works.
    page = client.get(response.url)
    password = page.context["new_password"]
    assert password and password in page.content.decode()
    assert client.get(response.url).context["new_password"] is None
    assert Client().login(username="canbo_moi", password=password)


def test_search_ignores_diacritics_and_case(personas, client_for):
    UserFactory(username="thuha", full_name="Trần Thị Thu Hà", roles=[Role.DEPARTMENT_OFFICER], province=personas.geo.province)
    client = client_for(personas.province_officer)
    for query in ("tran thi thu ha", "TRAN THI", "Trần thị"):
        listed = client.get(reverse("accounts:account_list"), {"q": query}).context["page"].object_list
        assert [user.username for user in listed] == ["thuha"], query


def test_the_list_filters_by_role_and_state(personas, client_for):
    client = client_for(personas.province_officer)
    listed = client.get(reverse("accounts:account_list"), {"role": Role.COOPERATIVE}).context["page"].object_list
    assert {user.username for user in listed} == {"htx", "htx_khac"}
    personas.leader.is_active = False
    personas.leader.save()
    listed = client.get(reverse("accounts:account_list"), {"active": "0"}).context["page"].object_list
    assert [user.username for user in listed] == ["lanhdao"]


def test_a_commune_officer_lists_only_their_communes_representatives(personas, client_for):
    listed = client_for(personas.commune_officer).get(reverse("accounts:account_list")).context["page"].object_list
    assert [user.username for user in listed] == ["htx"]


def test_an_edit_is_recorded_with_who_and_what(personas, client_for):
    client = client_for(personas.province_officer)
    target = personas.department_officer
    response = client.post(
        reverse("accounts:account_update", args=[target.pk]),
        _edit_form(target, full_name="Nguyễn Văn Bình", roles=[Role.DEPARTMENT_OFFICER, Role.LEADER]),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.full_name == "Nguyễn Văn Bình" and target.version == 2
    entry = client.get(reverse("accounts:account_detail", args=[target.pk])).context["history"][0]
    assert entry.who == str(personas.province_officer)
    assert any(change.new == "Nguyễn Văn Bình" for change in entry.changes)
    assert "Lãnh đạo" in entry.reason


def test_a_stale_edit_is_refused(personas, client_for):
    target = personas.department_officer
    data = _edit_form(target, full_name="Bản thứ nhất")
    client = client_for(personas.province_officer)
    assert client.post(reverse("accounts:account_update", args=[target.pk]), data).status_code == 302
    response = client.post(reverse("accounts:account_update", args=[target.pk]), {**data, "full_name": "Bản thứ hai"})
    assert "vừa được người khác sửa" in response.content.decode()
    target.refresh_from_db()
    assert target.full_name == "Bản thứ nhất"


def test_a_weak_typed_password_is_refused_in_vietnamese(personas, client_for):
    target = personas.leader
    old_hash = User.objects.get(pk=target.pk).password
    response = client_for(personas.province_officer).post(
        reverse("accounts:account_password", args=[target.pk]), {"password": "123"}
    )
    assert response.status_code == 200 and "Mật khẩu" in response.content.decode()
    assert User.objects.get(pk=target.pk).password == old_hash


def test_a_new_password_replaces_the_old_and_is_recorded(personas, client_for):
    target = personas.leader
    client = client_for(personas.province_officer)
    response = client.post(reverse("accounts:account_password", args=[target.pk]), {"password": "Mat-khau-moi-2025"})
    assert response.status_code == 302
    assert Client().login(username="lanhdao", password="Mat-khau-moi-2025")
    history = client.get(response.url).context["history"]
    assert history[0].reason == "Đặt mật khẩu mới" and history[0].who == str(personas.province_officer)


def test_deactivating_keeps_the_account_but_stops_sign_in(personas, client_for):
    target = personas.leader
    client = client_for(personas.province_officer)
    client.post(reverse("accounts:account_set_active", args=[target.pk]), {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    assert not Client().login(username="lanhdao", password="matkhau-demo-2025")
    client.post(reverse("accounts:account_set_active", args=[target.pk]), {"active": "1"})
    assert Client().login(username="lanhdao", password="matkhau-demo-2025")


def test_an_officer_cannot_lock_themselves_out(personas, client_for):
    me = personas.province_officer
    client_for(me).post(reverse("accounts:account_set_active", args=[me.pk]), {"active": "0"})
    me.refresh_from_db()
    assert me.is_active


def test_signing_in_writes_no_history(personas):
    before = User.history.count()
    assert Client().login(username="lanhdao", password="matkhau-demo-2025")
    assert User.history.count() == before


def test_the_menu_offers_accounts_to_managers_only(personas, client_for):
    url = reverse("accounts:account_list")
    for who, shown in (("province_officer", True), ("commune_officer", True), ("admin", True), ("cooperative", False)):
        page = client_for(getattr(personas, who)).get(reverse("accounts:profile")).content.decode()
        assert (f'href="{url}"' in page) is shown, who


def test_the_django_admin_shows_an_accounts_history(personas, client_for):
    superuser = UserFactory(username="sieu", is_superuser=True, is_staff=True)
    url = reverse("admin:accounts_user_history", args=[personas.leader.pk])
    assert client_for(superuser).get(url).status_code == 200


def test_the_pages_speak_english_when_asked(personas, client_for):
    client = client_for(personas.province_officer)
    client.post(reverse("set_language"), {"language": "en"})
    assert "Account management" in client.get(reverse("accounts:account_list")).content.decode()


def test_an_officer_who_resets_their_own_password_stays_signed_in(personas, client_for):
    me = personas.province_officer
    client = client_for(me)
    response = client.post(reverse("accounts:account_password", args=[me.pk]), {"password": "Mat-khau-cua-toi-2025"})
    assert client.get(response.url).status_code == 200


def test_an_administrator_edit_keeps_groups_that_are_not_roles(personas, client_for):
    from django.contrib.auth.models import Group

    target = personas.leader
    target.groups.add(Group.objects.create(name="bien-tap-trang-cong-khai"))
    data = _edit_form(target, roles=[Role.LEADER, Role.DEPARTMENT_OFFICER])
    assert client_for(personas.admin).post(reverse("accounts:account_update", args=[target.pk]), data).status_code == 302
    assert set(target.groups.values_list("name", flat=True)) == {"bien-tap-trang-cong-khai", "leader", "department_officer"}


@pytest.mark.parametrize(
    ("params", "named"),
    [({"role": "giam_doc"}, "Vai trò"), ({"active": "2"}, "Trạng thái"), ({"page": "abc"}, "Trang"), ({"page": "0"}, "Trang")],
)
def test_a_wrong_parameter_of_the_account_list_is_a_400_naming_it(personas, client_for, params, named):
    response = client_for(personas.admin).get(reverse("accounts:account_list"), params)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_good_parameters_of_the_account_list_filter_it(personas, client_for):
    response = client_for(personas.admin).get(reverse("accounts:account_list"), {"active": "1", "page": "1"})
    assert response.status_code == 200
    assert response.context["filters"]["active"] == "1"
    assert all(account.is_active for account in response.context["page"].object_list)
