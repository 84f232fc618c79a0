"""Query parameters of pages: validated by one form per view, with English names.

A page reads `request.GET` only through a form (its API uses the same form or FilterSet), so a
wrong value (text for a number, an unknown choice, an id out of the reader's scope) is answered
with a 400 page naming the parameter in the person's language, never a 500. Parameters once
named in Vietnamese (`nam`, `xa`, `nhom`, `tai`) are redirected to their English names so old
bookmarks and links keep working.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.forms import vietnamese_field_messages


def renamed_query_parameters(renames: dict[str, str]) -> Callable:
    """View decorator: a request using an old parameter name (`renames` maps old → new) is
    redirected permanently to the same page with the new names (a new name given too wins)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in ("GET", "HEAD") and any(old in request.GET for old in renames):
                query = request.GET.copy()
                for old, new in renames.items():
                    if old in query:
                        values = query.pop(old)
                        if new not in query:
                            query.setlist(new, values)
                pairs = [(name, value) for name, values in query.lists() for value in values]
                return HttpResponsePermanentRedirect(request.path + ("?" + urlencode(pairs) if pairs else ""))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def cleaned_query(form: forms.Form) -> dict:
    """The form's cleaned data, or a 400 page saying which parameter is wrong and why (each
    message names its field: core.forms.vietnamese_field_messages)."""
    vietnamese_field_messages(form)
    if not form.is_valid():
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        raise BadRequest(_("Tham số không hợp lệ. %(errors)s") % {"errors": errors})
    return form.cleaned_data


def api_cleaned_query(form: forms.Form) -> dict:
    """The same for the API: the form's cleaned data, or DRF's 400 with the wrong parameters as fields."""
    from rest_framework.exceptions import ValidationError

    vietnamese_field_messages(form)
    if not form.is_valid():
        raise ValidationError({name: [str(error) for error in errors] for name, errors in form.errors.items()})
    return form.cleaned_data


def page_field() -> forms.IntegerField:
    """`page` of a paginated list: a whole number from 1 (none: the first page; past the last: the
    last page, as Django's `Paginator.get_page` documents)."""
    return forms.IntegerField(label=_lazy("Trang"), required=False, min_value=1, max_value=10**6)


class PageForm(forms.Form):
    """A list whose only parameter is its page."""

    page = page_field()


def valid_filterset(filterset):
    """A bound FilterSet whose parameters are all valid, or the same 400 page as `cleaned_query`.
    Its fields keep their own messages (django-filter's lazy choices), so each is prefixed with the
    parameter's label here; django-filter alone would drop a wrong filter silently."""
    form = filterset.form
    if not form.is_valid():
        errors = " ".join(
            f"{form.fields[name].label or name if name in form.fields else name}: {error}"
            for name, errors in form.errors.items()
            for error in errors
        )
        raise BadRequest(_("Tham số không hợp lệ. %(errors)s") % {"errors": errors})
    return filterset
