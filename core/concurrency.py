"""Optimistic locking: refuse a save that would silently overwrite someone else's edit."""

from core.errors import StaleVersionError

#: The former name of StaleVersionError (kept so code written against it still reads).
ConcurrentEditError = StaleVersionError


def save_versioned(instance, *, expected_version: int | None) -> None:
    """Save `instance` if nobody saved it since `expected_version` was read; bump the version.

    The check and the write are one UPDATE ... WHERE version = expected, so two requests racing
    cannot both pass. History (simple-history) is written by the normal save() afterwards.
    A page or an API update always passes the version it showed (the API refuses an update
    without one, core.api.version_of); None is for internal writes (imports, workflow steps).
    """
    model = type(instance)
    if instance.pk is None or expected_version is None:
        instance.save()
        return
    claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(version=expected_version + 1)
    if not claimed:
        raise StaleVersionError()
    instance.version = expected_version + 1
    instance.save()
