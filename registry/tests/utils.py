"""Test helpers: a fingerprint of everything the registry stores, to prove nothing changed."""

from registry.models import AnnualReport, Member, Organization, StatusEvent


def registry_state() -> dict:
    """Every row (and every history row) of the registry tables, comparable before and after."""
    state = {}
    for model in (Organization, StatusEvent, Member, AnnualReport):
        state[model.__name__] = sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))
        state[f"{model.__name__}.history"] = model.history.count()
    return state
