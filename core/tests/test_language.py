def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    page = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and "Sign in" not in page


def test_the_language_switch_turns_the_interface_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert '<html lang="en">' in page
    assert "Đăng nhập" not in page


def test_labels_defined_at_import_follow_the_language_of_the_page():
    from django.utils import translation

    from evaluation.rating import RATING_LABELS
    from support.xlsx_import import KIND_LABELS

    with translation.override("en"):
        assert str(RATING_LABELS["tot"]) == "Good" and str(KIND_LABELS["support_records"]) == "Support records"
    with translation.override("vi"):
        assert str(RATING_LABELS["tot"]) == "Tốt" and str(KIND_LABELS["support_records"]) == "Bản ghi hỗ trợ"
