"""Writes to accounts: create, edit, set a password, deactivate, and a person changing their own
password. Each management write checks that the actor manages the account before and after the
change (accounts.permissions), runs in one transaction and leaves a history row naming the actor
(roles and organizations go into the change reason, because simple-history copies fields, not
many-to-many links).

A password given by someone else was seen by them (and often sent by chat or paper), so the
account is marked `must_change_password` until its owner chooses one (accounts.middleware).
"""

import secrets
from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_admin
from accounts.models import User
from accounts.permissions import PROVINCE_ROLES, agencies_document_editable_by, grantable_roles
from accounts.selectors import accounts_manageable_by
from core.concurrency import save_versioned
from core.roles import Role
from core.text import nfc
from geo.models import Edition, Level

TEXT_FIELDS = ("username", "full_name", "position", "phone", "email")
#: Generated passwords avoid look-alike characters (0/O, 1/l/I): they are read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 12


def _refuse_unless_manages(actor, account: User, message: str) -> None:
    if not accounts_manageable_by(actor).filter(pk=account.pk).exists():
        raise PermissionDenied(message)


def _check_grant(actor, account: User, roles: Iterable[Role]) -> None:
    allowed = set(grantable_roles(actor))
    refused = [Role(role).label for role in roles if role not in allowed]
    if refused:
        raise PermissionDenied(_("Bạn không được cấp vai trò: %(roles)s.") % {"roles": ", ".join(refused)})
    if (account.is_superuser or account.is_staff) and not is_admin(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới quản lý tài khoản quản trị."))


def validate_account(account: User, *, roles: Iterable[Role], organizations: Iterable) -> None:
    """What each role needs (its place, its organizations) and that the places fit together."""
    roles, organizations = set(roles), list(organizations)
    errors: dict[str, str] = {}
    if not roles:
        errors["roles"] = _("Chọn ít nhất một vai trò.")
    commune = account.commune if account.commune_id else None
    if commune is not None and (commune.edition != Edition.CURRENT or commune.level != Level.COMMUNE):
        errors["commune"] = _("“%(name)s” không phải là xã, phường hiện hành (sau 01/7/2025).") % {"name": commune}
    elif Role.COMMUNE_OFFICER in roles and commune is None:
        errors["commune"] = _("Tài khoản cán bộ UBND xã, phường phải có xã, phường phụ trách.")
    elif commune is not None and account.province_id and commune.province_id != account.province_id:
        errors["commune"] = _("Xã, phường “%(commune)s” không thuộc %(province)s.") % {
            "commune": commune,
            "province": account.province,
        }
    needs_province = sorted(Role(role).label for role in roles & set(PROVINCE_ROLES))
    if needs_province and not account.province_id:
        errors["province"] = _("Tài khoản có vai trò %(roles)s phải có tỉnh, thành phố phụ trách.") % {
            "roles": ", ".join(needs_province)
        }
    if Role.COOPERATIVE in roles and not organizations:
        errors["organizations"] = _("Tài khoản đại diện tổ chức kinh tế tập thể phải gắn với ít nhất một tổ chức.")
    if organizations and Role.COOPERATIVE not in roles:
        errors["organizations"] = _("Chỉ tài khoản có vai trò “%(role)s” mới gắn với tổ chức.") % {"role": Role.COOPERATIVE.label}
    username = account.username
    if username and User.objects.filter(username__iexact=username).exclude(pk=account.pk).exists():
        errors["username"] = _("Tên đăng nhập “%(username)s” đã được dùng.") % {"username": username}
    if errors:
        raise ValidationError(errors)


def _describe_links(old_roles, new_roles, old_organizations, new_organizations) -> str:
    """The change reason written into history: role and organization changes, old → new."""
    parts = []
    if set(old_roles) != set(new_roles):
        parts.append(
            _("Vai trò: %(old)s → %(new)s")
            % {"old": _labels(map(_role_label, old_roles)), "new": _labels(map(_role_label, new_roles))}
        )
    if {o.pk for o in old_organizations} != {o.pk for o in new_organizations}:
        parts.append(
            _("Tổ chức đại diện: %(old)s → %(new)s")
            % {"old": _labels(str(o) for o in old_organizations), "new": _labels(str(o) for o in new_organizations)}
        )
    return "; ".join(parts)


def _role_label(name: str) -> str:
    return Role(name).label if name in Role.__members__.values() else name


def _labels(names: Iterable[str]) -> str:
    return ", ".join(sorted(names)) or "—"


def _prepare(account: User, roles) -> None:
    for name in TEXT_FIELDS:
        setattr(account, name, nfc(getattr(account, name)))
    account.email = account.email.lower()
    if account.commune_id and not account.province_id:
        account.province_id = account.commune.province_id  # a commune officer's province is their commune's
    if set(roles) <= {Role.COOPERATIVE}:
        # A representative's place is their organizations; a stray province or commune would widen it.
        account.province = account.commune = None


def _set_links(account: User, roles, organizations) -> None:
    # Groups that are not roles (made in Django admin for other purposes) are kept as they are.
    others = account.groups.exclude(name__in=[str(r) for r in Role])
    account.groups.set([*others, *Group.objects.filter(name__in=[str(r) for r in roles])])
    account.represented_organizations.set(organizations)
    account.__dict__.pop("roles", None)  # forget the cached role set


def _stamp(account: User, actor, reason: str = "") -> None:
    account._history_user = actor
    account._change_reason = reason or None


@transaction.atomic
def account_create(*, actor, account: User, roles: Iterable[Role], organizations: Iterable, password: str = "") -> str:
    """Create the account; returns its first password (the one typed, or a generated one)."""
    roles, organizations = [Role(r) for r in roles], list(organizations)
    _check_grant(actor, account, roles)
    _prepare(account, roles)
    validate_account(account, roles=roles, organizations=organizations)
    password = password or generate_password()
    _validate_password(password, account)
    account.full_clean(exclude=["password", "version"])
    account.set_password(password)
    account.must_change_password = True
    _stamp(account, actor, _describe_links([], roles, [], organizations))
    account.save()
    _set_links(account, roles, organizations)
    _refuse_unless_manages(actor, account, _("Tài khoản này nằm ngoài phạm vi bạn quản lý."))
    return password


@transaction.atomic
def account_update(*, actor, account: User, roles: Iterable[Role], organizations: Iterable, expected_version: int | None) -> User:
    """Save edits made to `account` (a modified instance), refusing a stale version.

    Checked against the stored account (may the actor touch it?) and the edited one (may the
    actor still manage it afterwards?), so nobody moves an account out of or into another's area.
    """
    roles, organizations = [Role(r) for r in roles], list(organizations)
    stored = User.objects.select_for_update().get(pk=account.pk)
    _refuse_unless_manages(actor, stored, _("Bạn không có quyền sửa tài khoản này."))
    _check_grant(actor, stored, roles)
    old_roles = [name for name in stored.groups.values_list("name", flat=True) if name in Role.__members__.values()]
    old_organizations = list(stored.represented_organizations.all())
    if stored.is_active and not account.is_active and account.pk == actor.pk:
        raise ValidationError({"is_active": _("Bạn không thể tự khóa tài khoản của mình.")})
    _prepare(account, roles)
    validate_account(account, roles=roles, organizations=organizations)
    account.full_clean(exclude=["password", "version"])
    _stamp(account, actor, _describe_links(old_roles, roles, old_organizations, organizations))
    save_versioned(account, expected_version=expected_version)
    _set_links(account, roles, organizations)
    _refuse_unless_manages(actor, account, _("Sau khi sửa, tài khoản sẽ nằm ngoài phạm vi bạn quản lý."))
    return account


def generate_password() -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


def _validate_password(password: str, account: User) -> None:
    try:
        password_validation.validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


@transaction.atomic
def account_set_password(*, actor, account: User, password: str = "") -> str:
    """Give the account a new password (typed, or generated when empty) and return it."""
    _refuse_unless_manages(actor, account, _("Bạn không có quyền đặt mật khẩu cho tài khoản này."))
    password = password or generate_password()
    _validate_password(password, account)
    account.set_password(password)
    # Someone managing their own account through these pages chose the password themselves.
    account.must_change_password = account.pk != actor.pk
    _stamp(account, actor, _("Đặt mật khẩu mới"))
    account.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def password_change_own(*, user: User, password: str) -> User:
    """The signed-in person's new password, replacing one they know (the caller checked it).

    Clears `must_change_password`: from now on only its owner knows the password.
    """
    _validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    _stamp(user, user, _("Tự đổi mật khẩu"))
    user.save(update_fields=["password", "must_change_password"])
    return user


@transaction.atomic
def account_set_active(*, actor, account: User, active: bool) -> User:
    """Deactivate (accounts are never deleted: history and links keep naming them) or reactivate."""
    _refuse_unless_manages(actor, account, _("Bạn không có quyền khóa, mở khóa tài khoản này."))
    if not active and account.pk == actor.pk:
        raise ValidationError(_("Bạn không thể tự khóa tài khoản của mình."))
    account.is_active = active
    _stamp(account, actor)
    account.save(update_fields=["is_active"])
    return account


AGENCY_DOCUMENT_FIELDS = (
    "symbol",
    "place_name",
    "parent_authority",
    "recipients",
    "signer_on_behalf",
    "signer_title",
    "signer_name",
)


@transaction.atomic
def agency_document_settings_update(*, actor, agency, **values: str):
    """Set what the agency's documents carry; only someone who may edit this agency's settings."""
    if not agencies_document_editable_by(actor).filter(pk=agency.pk).exists():
        raise PermissionDenied(_("Bạn không được sửa thông tin văn bản của cơ quan này."))
    for name in AGENCY_DOCUMENT_FIELDS:
        if name in values:
            if name == "recipients":  # one recipient a line: normalise each line, keep the lines
                value = "\n".join(nfc(line).strip() for line in values[name].splitlines() if line.strip())
            else:
                value = nfc(values[name]).strip()
            setattr(agency, name, value.upper() if name == "symbol" else value)
    agency.full_clean()
    agency.save(update_fields=[*AGENCY_DOCUMENT_FIELDS, "name_key"])
    return agency
