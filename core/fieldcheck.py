"""A model's field validation (what `full_clean` does field by field) for plain values.

`full_clean` on every row of a 50.000-row import costs more than reading the file (bench/import).
`FieldChecker` runs the same validation on a dict of values: a value that is plainly valid for its
field (a whole number within the bounds the field's validators set, a string within max_length)
is accepted at once; anything else goes through the field's own `clean()`, so the errors and
their messages are exactly Django's.
"""

from collections.abc import Callable, Iterable, Mapping

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.db import models


def _integer_check(field) -> Callable | None:
    low, high = None, None
    for validator in field.validators:
        limit = validator.limit_value
        if callable(limit):
            return None
        if isinstance(validator, MinValueValidator):
            low = limit if low is None else max(low, limit)
        elif isinstance(validator, MaxValueValidator):
            high = limit if high is None else min(high, limit)
        else:
            return None
    low = float("-inf") if low is None else low
    high = float("inf") if high is None else high
    return lambda value: type(value) is int and low <= value <= high


def _text_check(field) -> Callable | None:
    if any(not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator) for v in field.validators):
        return None
    longest = field.max_length or float("inf")
    return lambda value: type(value) is str and value != "" and len(value) <= longest and "\x00" not in value


def _fast_check(field) -> Callable | None:
    """A predicate that is True only for values `field.clean` would accept unchanged, or None."""
    if field.choices:
        return None
    if isinstance(field, models.IntegerField) and not field.is_relation:
        return _integer_check(field)
    if type(field) in (models.CharField, models.TextField):
        return _text_check(field)
    return None


class FieldChecker:
    """Validates values of the given fields of `model` the way `Model.clean_fields` does."""

    def __init__(self, model, names: Iterable[str]):
        self.fields = {name: model._meta.get_field(name) for name in names}
        self.fast = {name: _fast_check(field) for name, field in self.fields.items()}

    def errors(self, values: Mapping) -> dict[str, list[str]]:
        """{field: [message, ...]} for the values that the model would refuse (only the fields
        given to the checker are looked at)."""
        found = {}
        for name, value in values.items():
            field = self.fields.get(name)
            if field is None:
                continue
            fast = self.fast[name]
            if fast is not None and fast(value):
                continue
            if field.blank and value in field.empty_values:
                continue  # as clean_fields: a blank value of a field that may be blank is not checked
            try:
                field.clean(value, None)
            except ValidationError as error:
                found[name] = error.messages
        return found
