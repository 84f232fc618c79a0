"""What higher apps add to registry pages (core.extensions.Hook; the arrows point to registry)."""

from typing import Protocol

from core.extensions import Hook


class OrganizationPanels(Protocol):
    """(title, safe HTML) panels shown on an organization's page, as `user` may see them."""

    def __call__(self, *, organization, user) -> list[tuple[str, str]]: ...


class OrganizationFilters(Protocol):
    """{name: django_filters.Filter} added to the organization list's filters."""

    def __call__(self) -> dict: ...


#: Providers: evaluation.panels.organization_panels, support.feeds.organization_panels.
organization_panels: Hook[OrganizationPanels] = Hook("registry.organization_panels")
#: Provider: evaluation.filters.organization_filters.
organization_filters: Hook[OrganizationFilters] = Hook("registry.organization_filters")
