"""Filters the evaluation app adds to the registry list (hook "registry.organization_filters"):
organizations of a size class, or with a rating, in an evaluation year. The dashboard links its
size-class and tốt/khá figures to the list with these filters.

Each filter needs "evaluation_year" (the form refuses it alone), and like annual reports they are
ignored for anonymous readers: evaluation results are not published.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from evaluation.models import YearResult
from evaluation.rating import OUTCOME_LABELS
from evaluation.rulesets import all_rule_sets
from registry.filters import choice_messages, qualified, year_filter


def size_class_choices() -> list[tuple[str, str]]:
    labels = {}
    for rules in all_rule_sets("size"):
        labels.update(rules.class_labels)
    return [(code, _(label)) for code, label in labels.items()]  # the rule files' labels are Vietnamese


def rating_choices() -> list[tuple[str, str]]:
    labels = {}
    for criteria in all_rule_sets("criteria"):
        labels.update(criteria.band_labels)
    return [*((code, _(label)) for code, label in labels.items()), *((code, _(label)) for code, label in OUTCOME_LABELS.items())]


class YearResultFilter(django_filters.MultipleChoiceFilter):
    """Organizations whose result of the chosen evaluation year has one of the chosen values."""

    def filter(self, queryset, value):
        filterset = self.parent
        year = filterset.form.cleaned_data.get("evaluation_year")
        if not value or year is None or not filterset.may_filter_private():
            return queryset
        results = YearResult.objects.filter(organization=OuterRef("pk"), year=year, **{f"{self.field_name}__in": value})
        return queryset.filter(Exists(results))


def result_filter(label, column: str, choices) -> YearResultFilter:
    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    result = YearResultFilter(
        label=label, field_name=column, choices=choices, widget=widget, error_messages=choice_messages(label)
    )
    return qualified(result, by="evaluation_year")


def organization_filters(**kwargs) -> dict:
    """Provider of registry.hooks.organization_filters."""
    return {
        "evaluation_year": year_filter(_("Năm phân loại, đánh giá"), "filter_nothing"),
        "size_class": result_filter(_("Quy mô"), "size_class", size_class_choices),
        "rating": result_filter(_("Xếp loại"), "rating", rating_choices),
    }
