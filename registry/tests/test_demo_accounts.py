"""`manage.py demo_accounts`: one login per role, idempotent, with the right jurisdiction."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import User
from core.roles import Role
from registry.management.commands.registry_demo_load import build_demo
from registry.models import Organization, OrganizationKind, Status
from registry.selectors import organizations_visible_to

USERNAMES = ("admin", "tinh", "so", "xa", "lienminh", "htx", "lanhdao")


def run() -> str:
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_one_login_per_role_and_prints_them():
    build_demo(seed=21, scale=0.05, as_of=dt.date(2026, 3, 15))
    output = run()
    assert "tên đăng nhập | mật khẩu" in output and "http://127.0.0.1:8000/" in output
    for username in USERNAMES:
        user = User.objects.get(username=username)
        assert user.check_password("hoptac2025")
        assert not user.must_change_password  # the README prints these passwords for trying the system
        assert f"{username} " in output
    roles = {u.username: set(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert roles["tinh"] == {Role.PROVINCE_OFFICER} and roles["so"] == {Role.DEPARTMENT_OFFICER}
    assert roles["xa"] == {Role.COMMUNE_OFFICER} and roles["lienminh"] == {Role.ALLIANCE_OFFICER}
    assert roles["htx"] == {Role.COOPERATIVE} and roles["lanhdao"] == {Role.LEADER}
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_running_it_again_changes_nothing_but_resets_passwords():
    build_demo(seed=22, scale=0.05, as_of=dt.date(2026, 3, 15))
    run()
    tinh = User.objects.get(username="tinh")
    tinh.set_password("something-else")
    tinh.must_change_password = True
    tinh.save()
    before = {u.username: (u.pk, u.province_id, u.commune_id, u.agency_id) for u in User.objects.all()}
    run()
    after = {u.username: (u.pk, u.province_id, u.commune_id, u.agency_id) for u in User.objects.all()}
    assert before == after and len(after) == len(USERNAMES)
    assert User.objects.get(username="tinh").check_password("hoptac2025")
    assert not User.objects.get(username="tinh").must_change_password
    assert User.objects.get(username="htx").represented_organizations.count() == 1


@pytest.mark.django_db
def test_the_logins_see_their_own_jurisdiction():
    build_demo(seed=23, scale=0.05, as_of=dt.date(2026, 3, 15))
    run()
    users = {u.username: u for u in User.objects.select_related("province", "commune", "agency")}
    province = users["tinh"].province
    assert province.code == "48" and province.edition == "2025"
    assert users["tinh"].agency.name == "Sở Tài chính"
    assert users["so"].agency.name == "Sở Nông nghiệp và Môi trường"
    assert users["lienminh"].agency.kind == "lien_minh"
    everything = Organization.objects.filter(province=province).count()
    for name in ("tinh", "so", "lienminh", "lanhdao"):
        assert organizations_visible_to(users[name]).count() == everything
    commune = users["xa"].commune
    visible = organizations_visible_to(users["xa"])
    assert visible.exists() and set(visible.values_list("commune", flat=True)) == {commune.pk}
    # The commune with the most operating HTX, so the commune officer's list is well filled.
    counts = (
        Organization.objects.filter(kind=OrganizationKind.COOPERATIVE, current_status=Status.OPERATING)
        .values("commune")
        .annotate(n=Count("id"))
    )
    assert max(c["n"] for c in counts) == next(c["n"] for c in counts if c["commune"] == commune.pk)
    represented = list(organizations_visible_to(users["htx"]))
    assert len(represented) == 1 and represented[0].commune_id == commune.pk
    assert represented[0].current_status == Status.OPERATING and represented[0].annual_reports.exists()


@pytest.mark.django_db
def test_it_refuses_to_run_before_the_demo_data_exists():
    with pytest.raises(CommandError, match="demo_load"):
        run()
    assert not User.objects.exists()
