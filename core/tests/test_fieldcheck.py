"""FieldChecker refuses exactly what full_clean refuses, with Django's own messages."""

import pytest
from django.core.exceptions import ValidationError

from core.fieldcheck import FieldChecker
from registry.models import AnnualReport, Organization

REPORT_FIELDS = ("year", "revenue", "members_official", "pre_tax_profit")


def full_clean_errors(model, **values) -> dict:
    instance = model(**values)
    try:
        instance.clean_fields(exclude=[f.name for f in model._meta.fields if f.name not in values])
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(
    "values",
    [
        {"year": 2024, "revenue": 10, "members_official": 3, "pre_tax_profit": -5},
        {"revenue": -1},
        {"members_official": 2**31},
        {"year": 40_000},
        {"revenue": 2**63},
        {"revenue": "nhiều"},
    ],
)
def test_report_figures_are_judged_as_full_clean_judges_them(values):
    assert FieldChecker(AnnualReport, REPORT_FIELDS).errors(values) == full_clean_errors(AnnualReport, **values)


@pytest.mark.parametrize(
    "values", [{"name": "HTX A", "phone": "0901"}, {"phone": "0" * 31}, {"email": "không phải"}, {"kind": "x"}]
)
def test_text_and_coded_fields_too(values):
    checker = FieldChecker(Organization, ["name", "phone", "email", "kind"])
    assert checker.errors(values) == full_clean_errors(Organization, **values)


def test_fields_not_given_to_the_checker_are_ignored():
    assert FieldChecker(AnnualReport, ["year"]).errors({"year": 2024, "revenue": -1, "registration_code": "x"}) == {}


def test_many_rows_are_judged_as_each_row_alone():
    rows = [
        {"year": 2024, "revenue": 10, "members_official": 3},
        {"revenue": -1, "year": 40_000},
        {"members_official": 2**31, "registration_code": "x"},
        {},
        {"year": True, "revenue": "nhiều", "pre_tax_profit": -5},
        {"pre_tax_profit": "x", "revenue": -1},
    ]
    checker = FieldChecker(AnnualReport, REPORT_FIELDS)
    expected = {position: checker.errors(row) for position, row in enumerate(rows) if checker.errors(row)}
    assert checker.errors_of_rows(rows) == expected
    assert list(checker.errors_of_rows(rows)[5]) == ["pre_tax_profit", "revenue"]  # in the row's order
    assert checker.errors_of_rows(rows[:1] * 1000) == {}
    columns = {"pre_tax_profit": ["x", 5, -5], "revenue": [-1, 3, 2], "registration_code": ["a", "b", "c"]}
    assert checker.errors_of_columns(columns) == {
        p: checker.errors(dict(zip(columns, values, strict=True))) for p, values in ((0, ("x", -1, "a")),)
    }


def test_many_text_values_too():
    checker = FieldChecker(Organization, ["name", "phone"])
    rows = [{"name": "HTX A", "phone": "0901"}, {"name": "HTX B"}, {"name": "", "phone": "0" * 31}, {"name": "A\x00"}]
    assert checker.errors_of_rows(rows) == {p: checker.errors(r) for p, r in enumerate(rows) if checker.errors(r)} != {}
