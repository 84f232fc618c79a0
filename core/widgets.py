"""Form widgets shared by the apps."""

from django import forms


class SearchableSelect(forms.Select):
    """A long picker (organizations, communes, policies): static/js/hoptac.js makes it searchable with
    tom-select, whose search ignores Vietnamese diacritics and case. Without JavaScript it stays a select."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "", **(attrs or {})}, choices)


class SearchableSelectMultiple(forms.SelectMultiple):
    """SearchableSelect for a field that takes several values (tom-select shows them as chips)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "", **(attrs or {})}, choices)
