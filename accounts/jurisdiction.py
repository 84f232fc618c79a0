"""Moved to core.jurisdiction (the jurisdiction helpers use only the user's roles and places, and
geo and imports need them too, below accounts in design.md's layering). Kept so that imports
written against this name still work; new code imports core.jurisdiction."""

from core.jurisdiction import PROVINCE_READERS, PROVINCE_WRITERS, commune_scope, is_admin, organization_scope

__all__ = ["PROVINCE_READERS", "PROVINCE_WRITERS", "commune_scope", "is_admin", "organization_scope"]
