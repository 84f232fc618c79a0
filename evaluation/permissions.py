"""Who may do what with assessments (rules predicates and plain functions used by services)."""

import rules

from core.roles import Role
from registry.permissions import can_edit_organization, can_view_organization


def represents(user, organization) -> bool:
    """The cooperative's own account: self-assessment is the cooperative's act, nobody else's."""
    return bool(
        user.is_authenticated and user.has_role(Role.COOPERATIVE) and organization.representatives.filter(pk=user.pk).exists()
    )


def can_view_assessment(user, organization) -> bool:
    return can_view_organization(user, organization)


def can_edit_assessment(user, organization) -> bool:
    return represents(user, organization)


def can_review_assessment(user, organization) -> bool:
    """The registration office reviews: the commune's officers for their commune, the province's
    officers (and administrators) for the whole province — the same people who keep the register."""
    return can_edit_organization(user, organization)


def can_run_evaluation(user) -> bool:
    """The yearly classification and rating of a province is run by its officers (Sở Tài chính), who
    keep the province's register; commune officers review sheets but do not rerun the province."""
    return bool(
        user.is_authenticated
        and user.has_role(Role.PROVINCE_OFFICER)
        and getattr(user, "province_id", None)
        and not getattr(user, "commune_id", None)
    )


rules.add_perm("evaluation.view_assessment_obj", rules.predicate(can_view_assessment))
rules.add_perm("evaluation.change_assessment_obj", rules.predicate(can_edit_assessment))
rules.add_perm("evaluation.review_assessment_obj", rules.predicate(can_review_assessment))
