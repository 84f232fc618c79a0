"""The name normaliser: every way of writing one unit name meets at one key."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.text import strip_diacritics
from geo.names import parse_unit_text, spelling_key, split_unit_prefix, unit_match_key

# Syllables of real unit names, with marks, including old-style tone placement pairs.
SYLLABLES = [
    "Hòa",
    "Hoà",
    "Thủy",
    "Thuỷ",
    "Điện",
    "Phước",
    "Bàn",
    "Tân",
    "An",
    "Vang",
    "Quý",
    "Hải",
    "Châu",
    "Đông",
    "Ngũ",
    "Hành",
    "Sơn",
]
names = st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join)
numbers = st.integers(min_value=1, max_value=30)

COMMUNE_PREFIXES = {
    "Xã": ["Xã", "xã", "X.", "x.", "XA"],
    "Phường": ["Phường", "P.", "p.", "PHUONG"],
    "Thị trấn": ["Thị trấn", "TT.", "tt"],
}
prefixes = st.sampled_from([(kind, spelling) for kind, spellings in COMMUNE_PREFIXES.items() for spelling in spellings])


@given(names)
def test_marks_case_and_unicode_form_do_not_change_the_key(name):
    key = unit_match_key(name)
    assert unit_match_key(unicodedata.normalize("NFD", name)) == key
    assert unit_match_key(name.upper()) == key
    assert unit_match_key(strip_diacritics(name)) == key
    assert unit_match_key(f"  {name}  ") == key
    assert key.isalnum() and key == key.lower()


@given(names, prefixes)
def test_a_written_prefix_is_recognised_and_dropped(name, prefix):
    kind, spelling = prefix
    separator = "" if spelling.endswith(".") else " "
    parsed = parse_unit_text(f"{spelling}{separator}{name}")
    assert parsed.unit_type == kind
    assert parsed.keys[0] == unit_match_key(name)


@given(numbers, st.integers(min_value=0, max_value=2), st.sampled_from(["Phường ", "P.", "P. ", "p", "P "]))
def test_numbered_wards_ignore_leading_zeros_and_prefix_style(number, zeros, prefix):
    typed = f"{prefix}{'0' * zeros}{number}"
    parsed = parse_unit_text(typed)
    assert parsed.unit_type == "Phường"
    assert parsed.keys[0] == str(number) == unit_match_key(f"Phường {number}".split(" ", 1)[1])


@given(names)
def test_the_whole_text_stays_a_reading_when_it_looks_like_a_prefix(name):
    # "Quan Sơn" may be a name, not "Quận Sơn": both readings are looked up, the stripped one first.
    parsed = parse_unit_text(f"Quan {name}")
    assert parsed.keys == (unit_match_key(name), unit_match_key(f"Quan {name}"))


@given(names)
def test_split_keeps_the_name_as_written(name):
    assert split_unit_prefix(f"Thị xã {name}") == ("Thị xã", name)
    assert split_unit_prefix(f"TX.{name}") == ("Thị xã", name)
    assert split_unit_prefix(name)[1] == name


def test_a_prefix_alone_is_a_name():
    assert split_unit_prefix("Thị xã") == (None, "Thị xã")
    assert parse_unit_text("").keys == ()


@given(names)
def test_spelling_key_ignores_tone_placement_but_not_letters(name):
    old_style = name.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ")
    assert spelling_key(old_style) == spelling_key(name)
    assert spelling_key(unicodedata.normalize("NFD", name)) == spelling_key(name)


def test_spelling_key_tells_apart_names_with_the_same_match_key():
    assert unit_match_key("Điện Phước") == unit_match_key("Diên Phước")
    assert spelling_key("Điện Phước") != spelling_key("Diên Phước")
    assert spelling_key("Hòa") != spelling_key("Hóa")


def test_punctuation_and_apostrophes_do_not_matter():
    assert unit_match_key("Đạ M'ri") == unit_match_key("Da Mri") == "damri"
    assert unit_match_key("Văn Miếu - Quốc Tử Giám") == unit_match_key("Van Mieu Quoc Tu Giam")
