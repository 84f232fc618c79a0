"""The panel the registry's organization page shows (registry.hooks.organization_panels).

Registered in EvaluationConfig.ready(); the registry page calls
`registry.hooks.organization_panels.collect(organization=..., user=...)` and renders each
(title, html) pair. The panel shows the latest size class with its reason and the latest rating.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from evaluation.permissions import can_view_assessment
from evaluation.selectors import organization_years


def organization_panels(*, organization, user, **kwargs) -> list[tuple[str, str]]:
    if not can_view_assessment(user, organization):
        return []
    years = organization_years(organization)
    sized = next((y for y in years if y.size is not None), None)
    rated = next((y for y in years if y.outcome is not None), None)
    if sized is None and rated is None and not years:
        reason = ""
    else:
        latest_result = next((y.result for y in years if y.result is not None), None)
        reason = latest_result.rating_reason if latest_result is not None and rated is None else ""
    html = render_to_string(
        "evaluation/_organization_panel.html",
        {
            "organization": organization,
            "size": sized.size if sized else None,
            "size_year": sized.year if sized else None,
            "outcome": rated.outcome if rated else None,
            "rating_year": rated.year if rated else None,
            "reason": reason,
        },
    )
    return [(_("Phân loại, đánh giá"), html)]
