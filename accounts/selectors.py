"""Reads for account management, always scoped to the accounts the reader may manage."""

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import Group
from django.db.models import Q, QuerySet

from accounts import hooks
from accounts.models import Agency, User
from accounts.permissions import can_manage_accounts, manageable_accounts_q
from core.history import HistoryEntry, history_entries
from core.jurisdiction import is_admin
from core.roles import Role
from core.text import search_key
from geo.models import AdminUnit, Edition, Level


def accounts_manageable_by(user) -> QuerySet[User]:
    scope = manageable_accounts_q(user)
    if scope is None:
        return User.objects.none()
    return User.objects.filter(scope)


def account_get(*, user, pk: int) -> User:
    """The account if `user` may manage it, else User.DoesNotExist."""
    return accounts_manageable_by(user).select_related("agency", "province", "commune").get(pk=pk)


def account_list(*, user, filters: Mapping) -> QuerySet[User]:
    """Accounts `user` manages, filtered by `q` (name, username, e-mail, phone; without
    diacritics or case), `role` and `active` ("1" active, "0" deactivated)."""
    accounts = accounts_manageable_by(user).select_related("agency", "commune", "province").prefetch_related("groups")
    query = search_key(filters.get("q"))
    if query:
        accounts = accounts.filter(search_text__contains=query)
    role = filters.get("role")
    if role in Role.__members__.values():
        accounts = accounts.filter(pk__in=Group.objects.filter(name=role).values("user"))
    active = filters.get("active")
    if active in ("0", "1"):
        accounts = accounts.filter(is_active=active == "1")
    return accounts.order_by("-is_active", "username")


# --- What the manager may assign: the pickers of the account form ----------------------------


def provinces_for_manager(user) -> QuerySet[AdminUnit]:
    provinces = AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.PROVINCE).order_by("name")
    if is_admin(user):
        return provinces
    if can_manage_accounts(user) and user.province_id:
        return provinces.filter(pk=user.province_id)
    return provinces.none()


def communes_for_manager(user) -> QuerySet[AdminUnit]:
    """Current, still existing communes of the manager's jurisdiction (commune officers assign none:
    they only create cooperative accounts, whose place is their organizations')."""
    communes = (
        AdminUnit.objects.filter(edition=Edition.CURRENT, level=Level.COMMUNE)
        .exclude(valid_to__lt=dt.date.today())
        .select_related("province")
        .order_by("name")
    )
    if is_admin(user):
        return communes
    if user.has_role(Role.PROVINCE_OFFICER) and user.province_id:
        return communes.filter(province_id=user.province_id)
    return communes.none()


def agencies_for_manager(user) -> QuerySet[Agency]:
    agencies = Agency.objects.order_by("kind", "name")
    if is_admin(user):
        return agencies
    scope = Q(pk__in=[])
    if user.has_role(Role.PROVINCE_OFFICER) and user.province_id:
        scope |= Q(province_id=user.province_id) | Q(commune__province_id=user.province_id)
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id:
        scope |= Q(commune_id=user.commune_id)
    return agencies.filter(scope)


def organizations_for_manager(user):
    """Organizations whose representatives the manager may appoint: those they may edit
    (registry provides them: accounts.hooks.representable_organizations)."""
    organizations = hooks.representable_organizations.only()(user=user)
    return organizations if can_manage_accounts(user) else organizations.none()


def account_history(account: User, *, limit: int | None = 200) -> list[HistoryEntry]:
    return history_entries(User.history.filter(id=account.pk), limit=limit, labels={User: lambda r: r.full_name or r.username})
