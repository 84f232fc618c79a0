"""Query parameters of the support lists, exports and the loans API go through one form per view
(support.forms): a wrong value is a 400 naming the parameter, a good one works."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("route", "params", "named"),
    [
        ("support:record_list", {"year": "abc"}, "Năm"),
        ("support:record_list", {"format": "pdf"}, "Định dạng"),
        ("support:record_list", {"page": "-1"}, "Trang"),
        ("support:activity_list", {"format": "docx"}, "Định dạng"),
        ("support:activity_list", {"kind": "hoi_thao_x"}, "Loại hoạt động"),
        ("support:member_list", {"all": "yes"}, "Cả thành viên cũ"),
        ("support:member_list", {"format": "docx", "year": "20x4"}, "Năm"),
        ("support:service_list", {"page": "abc"}, "Trang"),
        ("support:loan_list", {"on": "2024-13-45"}, "Tính đến ngày"),
        ("support:loan_list", {"status": "no"}, "Tình trạng"),
        ("support:policy_list", {"format": "csv"}, "Định dạng"),
        ("support:import", {"kind": "loans"}, "Loại dữ liệu"),
    ],
)
def test_a_wrong_parameter_of_a_support_page_is_a_400_naming_it(personas, client_for, route, params, named):
    # Importing needs an account tied to an agency: the commune officer's.
    user = personas.commune_officer if route == "support:import" else personas.alliance_officer
    response = client_for(user).get(reverse(route), params)
    assert response.status_code == 400
    assert named in response.content.decode()


def test_good_parameters_of_the_support_pages_work(personas, client_for):
    client = client_for(personas.alliance_officer)
    loans = client.get(reverse("support:loan_list"), {"on": "2024-06-30", "status": "overdue"})
    assert (loans.status_code, str(loans.context["day"]), loans.context["status"]) == (200, "2024-06-30", "overdue")
    members = client.get(reverse("support:member_list"), {"all": "1", "q": "htx"})
    assert (members.context["show_all"], members.context["q"]) == (True, "htx")
    export = client.get(reverse("support:activity_list"), {"format": "xlsx", "year": "2024"})
    assert export["Content-Disposition"].endswith('.xlsx"')
    page = client.get(reverse("support:record_list"), {"year": "2024"}).content.decode()
    assert 'name="page"' not in page and 'name="format"' not in page


def test_the_loans_api_refuses_a_wrong_day_with_the_field_and_reads_a_good_one(personas, client_for):
    client = client_for(personas.alliance_officer)
    url = reverse("support-loan-list")
    wrong = client.get(url, {"on": "31/02/2024"})
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["on"]
    assert client.get(url, {"on": "2024-06-30"}).status_code == 200
    assert client.get(url, {"on": "30/06/2024"}).status_code == 200  # dd/mm/yyyy, as the pages show it
