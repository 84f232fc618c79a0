"""Typed hooks: the one way a lower app asks a higher one (against design.md's arrows).

An app imports only from the rows below it. When a page of a lower app must show something a
higher app owns (a registry organization page lists the evaluation and support panels; an
indicator page lists the tasks serving it), the lower app declares a `Hook` in its `hooks.py`,
typed by a Protocol that says what providers take and return, and the higher app registers its
provider on that object in its AppConfig.ready():

    # registry/hooks.py
    class OrganizationPanels(Protocol):
        def __call__(self, *, organization: Organization, user) -> list[tuple[str, str]]: ...
    organization_panels: Hook[OrganizationPanels] = Hook("registry.organization_panels")

    # evaluation/apps.py, ready()
    registry_hooks.organization_panels.register(organization_panels)

    # registry/views.py
    panels = registry_hooks.organization_panels.collect(organization=organization, user=user)

Go-to-definition on the hook leads to its Protocol; its providers are found by searching for
`<hook>.register(`. Where the arrows allow a direct import, use the import, not a hook.
The hooks in use: core.hooks.work_count, accounts.hooks.representable_organizations, imports.hooks.foreign_kinds,
registry.hooks.organization_panels / organization_filters, indicators.hooks.indicator_panels /
computations / data_sources, programs.hooks.task_evidence.
"""

from collections.abc import Callable


class Hook[P: Callable]:
    """One extension point; providers are callables matching the Protocol P."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._providers: list[P] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._providers)} providers>"

    def register(self, provider: P) -> P:
        """Add a provider (once, however often ready() runs); returns it, so it is also a decorator."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def unregister(self, provider: P) -> None:
        """Take a provider back (tests that register a provider of their own)."""
        if provider in self._providers:
            self._providers.remove(provider)

    def providers(self) -> list[P]:
        return list(self._providers)

    def only(self) -> P:
        """The single provider of a hook that must have exactly one (e.g. the organizations an
        account may represent come from registry alone)."""
        if len(self._providers) != 1:
            raise LookupError(f"{self.name}: expected one provider, found {len(self._providers)}")
        return self._providers[0]

    def collect(self, **kwargs) -> list:
        """Call every provider; list results are flattened, None skipped, others appended."""
        results: list = []
        for provider in self._providers:
            value = provider(**kwargs)
            if isinstance(value, list | tuple):
                results.extend(value)
            elif value is not None:
                results.append(value)
        return results
