"""What higher apps add to indicators (core.extensions.Hook; the arrows point to indicators)."""

from collections.abc import Callable
from typing import Protocol

from core.extensions import Hook


class IndicatorPanels(Protocol):
    """(title, safe HTML) panels shown on an indicator's page, as `user` may see them."""

    def __call__(self, *, indicator, user) -> list[tuple[str, str]]: ...


class Computations(Protocol):
    """{computation name: callable} added to the catalogue's computations."""

    def __call__(self) -> dict[str, Callable]: ...


class DataSources(Protocol):
    """Model classes whose writes must refresh cached indicator values."""

    def __call__(self) -> list[type]: ...


#: Provider: programs.panels.indicator_panels.
indicator_panels: Hook[IndicatorPanels] = Hook("indicators.indicator_panels")
#: Provider: support.computations.indicator_computations.
computations: Hook[Computations] = Hook("indicators.computations")
#: Provider: support.apps.support_data_sources.
data_sources: Hook[DataSources] = Hook("indicators.data_sources")
