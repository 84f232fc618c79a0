def test_pages_are_vietnamese_even_when_the_browser_asks_for_english(client):
    page = client.get("/tai-khoan/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng nhập" in page and "Sign in" not in page


def test_the_language_switch_turns_the_interface_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert '<html lang="en">' in page
    assert "Đăng nhập" not in page
