import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.text import compact_key, nfc, search_key


def test_search_key_ignores_diacritics_and_case():
    assert search_key("Hợp tác xã Điện Phước") == search_key("hop tac xa dien phuoc") == "hop tac xa dien phuoc"


def test_old_and_new_tone_placement_meet_at_one_key():
    assert search_key("Thuận Hoà") == search_key("Thuận Hòa")


def test_decomposed_unicode_is_stored_as_nfc():
    decomposed = unicodedata.normalize("NFD", "Quảng Nam")
    assert decomposed != "Quảng Nam"
    assert nfc(decomposed) == "Quảng Nam"


def test_compact_key_drops_spaces_and_punctuation():
    assert compact_key("Mã số  HTX (MST)") == "masohtxmst"


@given(st.text())
def test_search_key_is_idempotent(text):
    assert search_key(search_key(text)) == search_key(text)
