"""The main pages of every role, rendered in English, show no Vietnamese label (issue #17 item 8).

Data (organization, place and people's names, titles typed by users) stays as entered; the detector
(tests/vietnamese_text.py) cuts the database's text values out of each page before it looks for
words with Vietnamese diacritics. The same pages in Vietnamese must be found Vietnamese, so the check
cannot pass by seeing nothing.
"""

import pytest

from tests.site_pages import site_pages
from tests.vietnamese_text import (
    DataValues,
    database_text_values,
    page_texts,
    rule_file_values,
    vietnamese_left,
    vietnamese_words,
)

pytestmark = pytest.mark.xdist_group("site")


def test_the_detector_finds_a_vietnamese_label_and_spares_marked_and_stored_data():
    data = DataValues(["Hợp tác xã Dịch vụ Nông nghiệp Điện Phước", "Điện Bàn"])
    html = (
        "<html><head><title>Danh bạ</title></head><body>"
        "<h1>Danh bạ tổ chức</h1><p>Hợp tác xã Dịch vụ Nông nghiệp Điện Phước, Điện Bàn</p>"
        '<button lang="vi">Tiếng Việt</button><input type="submit" value="Lưu"><img alt="Biểu đồ" src="x.png">'
        "<script>const label = 'Đóng';</script><p>Organizations</p></body></html>"
    )
    assert page_texts(html)[0] == "Danh bạ tổ chức"
    assert vietnamese_left(html, data) == ["Danh bạ tổ chức", "Lưu", "Biểu đồ"]
    assert vietnamese_words("383 organizations (VND)") == []
    assert vietnamese_words("383 tổ chức") == ["tổ", "chức"]
    assert vietnamese_words("Circular 09/2024/TT-BKHĐT") == []
    assert vietnamese_left('<html lang="vi"><body><p>Đăng nhập</p></body></html>', data) == ["Đăng nhập"]


@pytest.fixture
def data(demo_site, db):
    return DataValues(database_text_values() + rule_file_values())


def test_the_main_pages_in_vietnamese_are_seen_as_vietnamese(demo_client, data):
    """The check's other half: the same detector, on the same pages in Vietnamese, finds the labels."""
    pages = site_pages(demo_client)
    for page in pages:
        response = demo_client(page.role, "vi").get(page.path)
        html = response.content.decode()
        texts = [text for text in page_texts(html) if vietnamese_words(text)]
        assert vietnamese_left(html, data), f"no Vietnamese label found on {page.name} in Vietnamese: {texts[:30]}"


def test_the_main_pages_in_english_show_no_vietnamese_label(demo_client, data):
    pages = site_pages(demo_client)
    assert len(pages) >= 20
    problems = []
    for page in pages:
        response = demo_client(page.role, "en").get(page.path)
        assert response.status_code == 200, f"{page.name} ({page.path}): {response.status_code}"
        assert '<html lang="en">' in response.content.decode()
        problems += [
            f"{page.name} ({page.role}) {page.path}: {text!r}" for text in vietnamese_left(response.content.decode(), data)
        ]
    assert problems == [], f"{len(problems)} Vietnamese texts:\n" + "\n".join(problems)
