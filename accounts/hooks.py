"""What registry adds to account management (core.extensions.Hook; registry is above accounts)."""

from typing import Protocol

from django.db.models import QuerySet

from core.extensions import Hook


class RepresentableOrganizations(Protocol):
    """The organizations whose representative accounts `user` may appoint."""

    def __call__(self, *, user) -> QuerySet: ...


#: Provider: registry.selectors.organizations_representable_by (registered in RegistryConfig.ready).
representable_organizations: Hook[RepresentableOrganizations] = Hook("accounts.representable_organizations")
