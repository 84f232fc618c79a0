"""The main menu: daily pages in the bar, the rest in the "Dữ liệu" and "Quản trị" dropdowns, a
group of one shown as its entry, each entry only to the roles that may use it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from core.navigation import menu_for


def _labels(items):
    return [(str(item["label"]), [str(c["label"]) for c in item.get("children", ())]) for item in items]


@pytest.mark.django_db
def test_the_administrator_sees_two_dropdowns_after_the_daily_pages(rf, personas):
    request = rf.get("/chuong-trinh/")
    request.user = personas.admin
    items = menu_for(request)
    labels = _labels(items)
    assert [label for label, _children in labels[:7]] == [
        "Việc của tôi",
        "Tổng quan",
        "Danh bạ tổ chức",
        "Phân loại, đánh giá",
        "Chương trình",
        "Chỉ tiêu",
        "Hỗ trợ, đào tạo",
    ]
    assert labels[7:] == [
        ("Dữ liệu", ["Nhập Excel", "Dữ liệu mở", "Địa bàn", "API"]),
        ("Quản trị", ["Tài khoản", "Mẫu văn bản"]),
    ]
    assert [item["active"] for item in items].count(True) == 1 and items[4]["active"]


@pytest.mark.django_db
def test_the_anonymous_reader_gets_only_public_pages_and_no_admin_group(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    assert _labels(menu_for(request)) == [
        ("Tổng quan", []),
        ("Danh bạ tổ chức", []),
        ("Dữ liệu", ["Dữ liệu mở", "Địa bàn"]),
    ]


@pytest.mark.django_db
def test_a_group_of_one_entry_is_shown_as_that_entry(rf, personas):
    request = rf.get("/")
    request.user = personas.department_officer  # no import, no accounts, no templates
    labels = _labels(menu_for(request))
    assert ("Quản trị", []) not in labels and not any(label == "Quản trị" for label, _c in labels)
    assert ("Dữ liệu", ["Dữ liệu mở", "Địa bàn", "API"]) in labels


@pytest.mark.django_db
def test_the_menu_labels_are_short_in_english(rf, personas):
    from django.utils import translation

    request = rf.get("/")
    request.user = personas.admin
    with translation.override("en"):
        labels = _labels(menu_for(request))
    assert labels[2][0] == "Directory" and labels[-1] == ("Admin", ["Accounts", "Document templates"])
