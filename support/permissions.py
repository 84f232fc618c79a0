"""Who may enter and change support data.

- Agencies (department, commune, province and Alliance officers whose account names their
  agency) record the support and activities *they* implemented, for organizations in their
  jurisdiction; province officers may record on behalf of any agency of the province.
- The Alliance (Role.ALLIANCE_OFFICER) manages Alliance membership, its services and fund loans.
- Province officers and administrators maintain the policy list.
Reading is scoped in selectors.py.
"""

import rules

from core.jurisdiction import is_admin
from core.roles import Role

AGENCY_ROLES = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.ALLIANCE_OFFICER)


def can_record(user) -> bool:
    """May enter support records or activities at all (needs an agency on the account)."""
    if not user.is_authenticated:
        return False
    return is_admin(user) or (user.has_role(*AGENCY_ROLES) and bool(user.agency_id))


def can_choose_agency(user) -> bool:
    return user.is_authenticated and (is_admin(user) or user.has_role(Role.PROVINCE_OFFICER))


def can_record_for(user, organization) -> bool:
    """May record support given to `organization` (it must be in the user's jurisdiction)."""
    if not can_record(user):
        return False
    if is_admin(user):
        return True
    if user.has_role(Role.COMMUNE_OFFICER) and user.commune_id and organization.commune_id == user.commune_id:
        return True
    province_roles = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.ALLIANCE_OFFICER)
    return user.has_role(*province_roles) and bool(user.province_id) and organization.province_id == user.province_id


def can_edit_record(user, record) -> bool:
    """The agency that entered a record edits it; province officers edit any in the province."""
    if not user.is_authenticated or record.organization_id is None:
        return False
    if is_admin(user):
        return True
    organization = record.organization
    if user.has_role(Role.PROVINCE_OFFICER) and user.province_id and organization.province_id == user.province_id:
        return True
    return bool(user.agency_id) and record.agency_id == user.agency_id and can_record_for(user, organization)


def can_edit_activity(user, activity) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if user.has_role(Role.PROVINCE_OFFICER) and user.province_id and activity.province_id == user.province_id:
        return True
    return can_record(user) and activity.agency_id == user.agency_id


def can_manage_alliance(user, organization=None) -> bool:
    """Alliance officers of the province (and administrators) manage members, services, loans."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    if not (user.has_role(Role.ALLIANCE_OFFICER) and user.province_id):
        return False
    return organization is None or organization.province_id == user.province_id


def can_manage_policies(user) -> bool:
    return user.is_authenticated and (is_admin(user) or user.has_role(Role.PROVINCE_OFFICER))


rules.add_perm("support.add_record", rules.predicate(can_record))
rules.add_perm("support.change_record_obj", rules.predicate(can_edit_record))
rules.add_perm("support.change_activity_obj", rules.predicate(can_edit_activity))
rules.add_perm("support.manage_alliance", rules.predicate(can_manage_alliance))
rules.add_perm("support.manage_policies", rules.predicate(can_manage_policies))
