"""Who may do what in action-program tracking.

- Officers of the province see every program of their province and every task in it.
- An agency's officers write only their own agency's reports (user.agency = assignment.agency).
- The program's lead department reviews: its province officers (user.agency = program.lead_agency).
- Programs are managed (created, edited, tasks imported) by admins and the lead department.
- The public sees a program only when it is published, and never the reports themselves.
"""

import rules

from core.jurisdiction import is_admin
from core.navigation import OFFICERS
from core.roles import Role

#: Roles whose holders write their agency's reports.
REPORTING_ROLES = (Role.PROVINCE_OFFICER, Role.DEPARTMENT_OFFICER, Role.COMMUNE_OFFICER, Role.ALLIANCE_OFFICER)


def is_officer(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(*OFFICERS)))


def can_view_program(user, program) -> bool:
    if is_admin(user):
        return True
    if is_officer(user):
        return program.province_id is None or program.province_id == user.province_id
    return program.is_published


def can_view_reports(user, program) -> bool:
    return is_officer(user) and can_view_program(user, program)


def can_create_program(user) -> bool:
    return is_admin(user) or (user.is_authenticated and user.has_role(Role.PROVINCE_OFFICER) and user.agency_id is not None)


def is_reviewer(user, program) -> bool:
    """The lead department's province officers (and admins) review every report of the program."""
    if is_admin(user):
        return True
    return bool(
        user.is_authenticated
        and user.has_role(Role.PROVINCE_OFFICER)
        and user.agency_id is not None
        and user.agency_id == program.lead_agency_id
    )


can_manage_program = is_reviewer


def can_write_report(user, assignment) -> bool:
    """Only the assigned agency's officers write its report (admins do not write for agencies)."""
    return bool(
        user.is_authenticated
        and user.has_role(*REPORTING_ROLES)
        and user.agency_id is not None
        and user.agency_id == assignment.agency_id
    )


def can_review_report(user, report) -> bool:
    return is_reviewer(user, report.assignment.task.program)


def can_add_agency(user, province) -> bool:
    """Who adds an agency a task table names to a province's catalogue: an administrator, or a
    province officer of that province (programs.services.create_agency_from_import)."""
    if not user.is_authenticated or province is None:
        return False
    return is_admin(user) or (user.has_role(Role.PROVINCE_OFFICER) and user.province_id == province.pk)


rules.add_perm("programs.view_program_obj", rules.predicate(can_view_program))
rules.add_perm("programs.manage_program_obj", rules.predicate(can_manage_program))
rules.add_perm("programs.write_report_obj", rules.predicate(can_write_report))
rules.add_perm("programs.review_report_obj", rules.predicate(can_review_report))
