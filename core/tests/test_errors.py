"""The one error path: services' errors as API responses (core.api) and as form errors (core.forms)."""

import pytest
from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError

from core.api import exception_handler, version_of
from core.errors import StaleVersionError, VersionRequiredError
from core.forms import ServiceFormMixin


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ValidationError({"name": "Tên trùng."}), 400),
        (ValidationError("Sai."), 400),
        (StaleVersionError(), 409),
        (VersionRequiredError(), 428),
        (PermissionDenied("Không có quyền."), 403),
        (ObjectDoesNotExist(), 404),
    ],
)
def test_each_service_error_becomes_its_status_code(error, status):
    assert exception_handler(error, {}).status_code == status


def test_a_field_error_keeps_its_field_and_a_general_one_is_a_non_field_error():
    assert exception_handler(ValidationError({"name": "Tên trùng."}), {}).data == {"name": ["Tên trùng."]}
    assert exception_handler(ValidationError({"__all__": "Sai."}), {}).data == {"non_field_errors": ["Sai."]}
    assert exception_handler(ValidationError("Sai."), {}).data == {"non_field_errors": ["Sai."]}


def test_a_stale_version_answers_in_vietnamese():
    assert "người khác sửa" in exception_handler(StaleVersionError(), {}).data["detail"]


def test_an_update_must_carry_a_whole_number_version():
    assert version_of({"version": "3"}) == 3
    with pytest.raises(VersionRequiredError):
        version_of({"name": "x"})
    with pytest.raises(VersionRequiredError):
        version_of({"version": ""})
    with pytest.raises(ValidationError) as error:
        version_of({"version": "ba"})
    assert "version" in error.value.message_dict


class _TargetLikeForm(ServiceFormMixin, forms.Form):
    service_fields = {"value_min": "value"}
    value = forms.CharField()
    name = forms.CharField()


def test_a_service_error_lands_on_the_field_that_shows_it():
    form = _TargetLikeForm({"value": "1", "name": "a"})
    assert form.is_valid()
    form.add_service_error(ValidationError({"value_min": "Quá nhỏ.", "name": "Trùng.", "other": "Khác.", "__all__": "Chung."}))
    assert form.errors["value"] == ["Quá nhỏ."] and form.errors["name"] == ["Trùng."]
    assert form.non_field_errors() == ["Khác.", "Chung."]


def test_a_message_without_a_field_goes_above_the_form():
    form = _TargetLikeForm({"value": "1", "name": "a"})
    form.is_valid()
    form.add_service_error(StaleVersionError())
    assert "tải lại trang" in form.non_field_errors()[0]
