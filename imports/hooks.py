"""Import kinds other apps import with their own pages (core.extensions.Hook; imports knows no
domain app)."""

from typing import Protocol

from core.extensions import Hook


class ForeignKinds(Protocol):
    """{import kind: imports.foreign.ForeignKind} for batches another app writes."""

    def __call__(self) -> dict: ...


#: Providers: programs.import_batches.foreign_kinds, support.import_batches.foreign_kinds.
foreign_kinds: Hook[ForeignKinds] = Hook("imports.foreign_kinds")
