"""Account services refuse what the pages never offer (an API or a forged form could still ask)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import services
from accounts.models import User
from accounts.selectors import accounts_manageable_by
from accounts.tests.factories import UserFactory
from core.roles import Role


def test_a_province_officer_cannot_create_an_administrator(personas):
    account = User(username="gia_mao", full_name="Giả mạo")
    with pytest.raises(PermissionDenied):
        services.account_create(actor=personas.province_officer, account=account, roles=[Role.ADMIN], organizations=[])
    account = User(username="gia_mao", full_name="Giả mạo", is_superuser=True, is_staff=True, province=personas.geo.province)
    with pytest.raises(PermissionDenied):
        services.account_create(actor=personas.province_officer, account=account, roles=[Role.LEADER], organizations=[])
    assert not User.objects.filter(username="gia_mao").exists()


def test_a_commune_officer_cannot_appoint_a_representative_of_another_commune(personas):
    account = User(username="htx_moi", full_name="Đại diện mới")
    with pytest.raises(PermissionDenied):
        services.account_create(
            actor=personas.commune_officer,
            account=account,
            roles=[Role.COOPERATIVE],
            organizations=[personas.other_organization],
        )
    assert not User.objects.filter(username="htx_moi").exists()


def test_a_province_officer_cannot_move_an_account_to_another_province(personas):
    target = User.objects.get(pk=personas.department_officer.pk)
    target.province = personas.geo.other_province
    with pytest.raises(PermissionDenied):
        services.account_update(
            actor=personas.province_officer,
            account=target,
            roles=[Role.DEPARTMENT_OFFICER],
            organizations=[],
            expected_version=target.version,
        )
    assert User.objects.get(pk=target.pk).province == personas.geo.province
    assert User.history.filter(id=target.pk).count() == 1  # only the creation: the refused save rolled back


def test_an_account_with_a_foot_in_another_province_belongs_to_administrators_only(personas):
    both = UserFactory(username="htx_hai_tinh", roles=[Role.COOPERATIVE])
    both.represented_organizations.set([personas.organization, personas.outside_organization])
    other_officer = UserFactory(username="tinh_hue", roles=[Role.PROVINCE_OFFICER], province=personas.geo.other_province)
    for officer in (personas.province_officer, other_officer, personas.commune_officer):
        assert not accounts_manageable_by(officer).filter(pk=both.pk).exists()
    assert accounts_manageable_by(personas.admin).filter(pk=both.pk).exists()


def test_province_officers_manage_their_provinces_officers_and_representatives(personas):
    managed = set(accounts_manageable_by(personas.province_officer).values_list("username", flat=True))
    assert managed == {"tinh", "so", "xa", "xa_khac", "lienminh", "lanhdao", "htx", "htx_khac"}
