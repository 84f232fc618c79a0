"""Vietnamese text: one normal form for storage, one diacritic-free key for search and matching.

Users type with or without tone marks, with precomposed or decomposed Unicode, and with the
old ("hoà") or new ("hòa") tone placement. NFC fixes the encoding; the search key removes
every mark so that all spellings of a name meet at the same key.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def nfc(value: str | None) -> str:
    """Return the text in Unicode NFC with outer whitespace trimmed and inner runs collapsed."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def strip_diacritics(value: str) -> str:
    """Remove Vietnamese tone and vowel marks; đ/Đ become d/D (they are letters, not marks)."""
    if value.isascii():
        return value  # nothing to strip (most codes, numbers and English words)
    decomposed = unicodedata.normalize("NFD", value)
    without_marks = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return without_marks.replace("đ", "d").replace("Đ", "D")


def search_key(value: str | None) -> str:
    """Lower-case, diacritic-free, single-spaced form used for search and matching.

    >>> search_key("  Hợp tác xã  Điện Phước ")
    'hop tac xa dien phuoc'
    """
    text = nfc(value)
    if text.isascii():
        return text.lower()  # nfc already trimmed and collapsed the spaces
    return _SPACES.sub(" ", strip_diacritics(text).lower()).strip()


def compact_key(value: str | None) -> str:
    """Search key without spaces or punctuation, for matching headers like "Mã số HTX" / "ma_so_htx"."""
    return _NOT_WORD.sub("", search_key(value))
