"""Extension points between apps whose dependency arrows point the other way.

design.md's arrows go one way (e.g. support → programs, programs → indicators). When a page of
the upstream app must show something from a downstream app (a task's progress report lists the
support records linked to it; an indicator page lists the tasks that serve it), the downstream
app registers a provider here in its AppConfig.ready(), and the upstream app asks the hook.

    # support/apps.py
    def ready(self):
        from core.extensions import hooks
        from support.evidence import task_evidence
        hooks.register("programs.task_evidence", task_evidence)

    # programs/views.py
    evidence = hooks.collect("programs.task_evidence", task=task, period=period, user=request.user)

Hook names in use (each documents its keyword arguments and what providers return):
- "programs.task_evidence" (task, period, user) -> list of Evidence-like objects (label, url, detail)
- "indicators.indicator_panels" (indicator, user) -> list of (title, html) panels for the indicator page
- "indicators.computations" () -> dict {computation_name: callable} contributed to the catalogue
- "indicators.data_sources" () -> list of model classes whose writes must refresh cached indicator values
- "registry.organization_panels" (organization, user) -> list of (title, safe html) shown on the organization page
- "registry.organization_filters" () -> dict {name: django_filters.Filter} added to the registry list's filters
- "core.work_count" (user) -> int: items waiting on the person's home, shown as the menu badge (portal.work)
- "imports.foreign_kinds" () -> dict {import kind: imports.foreign.ForeignKind} for batches another app imports
"""

from collections import defaultdict
from collections.abc import Callable


class HookRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, list[Callable]] = defaultdict(list)

    def register(self, name: str, provider: Callable) -> None:
        if provider not in self._providers[name]:
            self._providers[name].append(provider)

    def providers(self, name: str) -> list[Callable]:
        return list(self._providers[name])

    def collect(self, name: str, **kwargs) -> list:
        """Call every provider of `name`; list results are flattened, others appended."""
        results: list = []
        for provider in self._providers[name]:
            value = provider(**kwargs)
            if isinstance(value, list | tuple):
                results.extend(value)
            elif value is not None:
                results.append(value)
        return results


hooks = HookRegistry()
