"""Import kinds other apps own, run by the one import pipeline (core.extensions.Hook; imports
knows no domain app): each declares its stage, commit, undo and permissions once
(imports.foreign.ForeignKind)."""

from typing import Protocol

from core.extensions import Hook


class ForeignKinds(Protocol):
    """{import kind: imports.foreign.ForeignKind}: how the pipeline stages, commits and undoes a
    kind another app owns, and who may import it."""

    def __call__(self) -> dict: ...


#: Providers: programs.import_batches.foreign_kinds, support.import_batches.foreign_kinds.
foreign_kinds: Hook[ForeignKinds] = Hook("imports.foreign_kinds")
