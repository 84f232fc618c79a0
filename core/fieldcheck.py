"""A model's field validation (what `full_clean` does field by field) for plain values.

`full_clean` on every row of a 50.000-row import costs more than reading the file (bench/import).
`FieldChecker` runs the same validation on a dict of values: a value that is plainly valid for its
field (a whole number within the bounds the field's validators set, a string within max_length)
is accepted at once; anything else goes through the field's own `clean()`, so the errors and
their messages are exactly Django's. `errors_of_rows` and `errors_of_columns` do it for many rows,
a column at a time.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import methodcaller

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, ProhibitNullCharactersValidator
from django.db import models


def _integer_bounds(field) -> tuple | None:
    """(lowest, highest) allowed by the field's validators when they are plain bounds, else None."""
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
    return (float("-inf") if low is None else low, float("inf") if high is None else high)


def _integer_checks(field) -> tuple[Callable, Callable] | None:
    bounds = _integer_bounds(field)
    if bounds is None:
        return None
    low, high = bounds

    def column(values: list) -> bool:
        return set(map(type, values)) == {int} and low <= min(values) and max(values) <= high

    return (lambda value: type(value) is int and low <= value <= high), column


def _text_checks(field) -> tuple[Callable, Callable] | None:
    if any(not isinstance(v, MaxLengthValidator | ProhibitNullCharactersValidator) for v in field.validators):
        return None
    longest = field.max_length or float("inf")

    def column(values: list) -> bool:
        return (
            set(map(type, values)) == {str}
            and min(map(len, values)) > 0
            and max(map(len, values)) <= longest
            and ("\x00" not in "".join(values))
        )

    return (lambda value: type(value) is str and value != "" and len(value) <= longest and "\x00" not in value), column


def _fast_checks(field) -> tuple[Callable, Callable] | None:
    """(value check, column check): True only for one value / a non-empty list of values that
    `field.clean` would accept unchanged; None when the field has no such shortcut."""
    if field.choices:
        return None
    if isinstance(field, models.IntegerField) and not field.is_relation:
        return _integer_checks(field)
    if type(field) in (models.CharField, models.TextField):
        return _text_checks(field)
    return None


#: A row that does not give a value for a field.
_ABSENT = object()


class FieldChecker:
    """Validates values of the given fields of `model` the way `Model.clean_fields` does."""

    def __init__(self, model, names: Iterable[str]):
        self.fields = {name: model._meta.get_field(name) for name in names}
        self.fast = {name: _fast_checks(field) for name, field in self.fields.items()}

    def errors(self, values: Mapping) -> dict[str, list[str]]:
        """{field: [message, ...]} for the values that the model would refuse (only the fields
        given to the checker are looked at)."""
        found = {}
        for name, value in values.items():
            if name in self.fields:
                messages = self._messages(name, value)
                if messages:
                    found[name] = messages
        return found

    def errors_of_rows(self, rows: Sequence[Mapping]) -> dict[int, dict[str, list[str]]]:
        """`errors()` of each of `rows`, by the row's position (rows without errors left out).
        A field's values are judged together first (see `errors_of_columns`)."""
        found: dict[int, dict] = {}
        for name in self.fields:
            column = list(map(methodcaller("get", name, _ABSENT), rows))
            self._check_column(name, column, found, given=[value for value in column if value is not _ABSENT])
        # Within a row, in the row's own order (as errors() gives them).
        return {position: {name: errors[name] for name in rows[position] if name in errors} for position, errors in found.items()}

    def errors_of_columns(self, columns: Mapping[str, Sequence]) -> dict[int, dict[str, list[str]]]:
        """As `errors_of_rows` for rows given column by column (name → one value for every row);
        a row's errors in the order of `columns`. When all of a column's values are plainly valid,
        built-ins over the column settle it (tens of thousands of rows); only otherwise one value
        at a time."""
        found: dict[int, dict] = {}
        for name, column in columns.items():
            if name in self.fields:
                self._check_column(name, column, found)
        return {position: {name: errors[name] for name in columns if name in errors} for position, errors in found.items()}

    def _check_column(self, name: str, column: Sequence, found: dict, given: Sequence | None = None) -> None:
        """`given`: the values of the rows that give one, when not every row does."""
        given = column if given is None else given
        fast = self.fast[name]
        if not given or (fast is not None and fast[1](given)):
            return
        for position, value in enumerate(column):
            messages = None if value is _ABSENT else self._messages(name, value)
            if messages:
                found.setdefault(position, {})[name] = messages

    def _messages(self, name: str, value) -> list[str] | None:
        fast = self.fast[name]
        if fast is not None and fast[0](value):
            return None
        field = self.fields[name]
        if field.blank and value in field.empty_values:
            return None  # as clean_fields: a blank value of a field that may be blank is not checked
        try:
            field.clean(value, None)
        except ValidationError as error:
            return error.messages
        return None
