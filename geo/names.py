"""Normal forms of administrative unit names, for matching what people type against the list.

People write "P.01", "Phường 1", "phuong 1"; "H. Điện Bàn", "Điện Bàn"; "Hoà Vang", "Hòa Vang"; "Đạ M'ri",
"Da Mri". `unit_match_key` brings every spelling of one bare name to one key (no marks, no
punctuation, no spaces, numbers without leading zeros); `split_unit_prefix` peels off the kind of
unit written in front of a name; `parse_unit_text` combines both for the resolver.
"""

import re
import unicodedata
from dataclasses import dataclass

from core.text import nfc, search_key

#: The unit types used in `AdminUnit.unit_type`, by level of the two code sets.
PROVINCE_TYPES = ("Tỉnh", "Thành phố")
DISTRICT_TYPES = ("Huyện", "Quận", "Thị xã", "Thành phố")
COMMUNE_TYPES = ("Xã", "Phường", "Thị trấn", "Đặc khu")

# Spellings of a unit type in front of a name (in search-key form: no marks, lower case), longest
# first so that "thi tran" wins over "thi". A single letter counts only with a dot ("P.") or before
# a number ("P1", "P 1"), so names such as "Tân An" or "Hòa" are never cut.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("thanh pho", "Thành phố"),
    ("thi tran", "Thị trấn"),
    ("thi xa", "Thị xã"),
    ("dac khu", "Đặc khu"),
    ("phuong", "Phường"),
    ("huyen", "Huyện"),
    ("quan", "Quận"),
    ("tinh", "Tỉnh"),
    ("xa", "Xã"),
    ("tp", "Thành phố"),
    ("tt", "Thị trấn"),
    ("tx", "Thị xã"),
    ("dk", "Đặc khu"),
)
_LETTER_PREFIXES = {"p": "Phường", "x": "Xã", "h": "Huyện", "q": "Quận", "t": "Tỉnh"}

_WORD_TYPES = dict(_PREFIXES)
_NUMBER = re.compile(r"\d+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DOTTED = re.compile(r"^([^\s.]+)\s*\.\s*(\S.*)$")
_LETTER_NUMBER = re.compile(r"^([phxqtPHXQT])\s*(\d.*)$")


def split_unit_prefix(text: str | None) -> tuple[str | None, str]:
    """Split "TX. Điện Bàn" into ("Thị xã", "Điện Bàn"); a name without a known prefix keeps its text.

    The name part is returned as written (NFC); only the prefix is removed, and only when a name
    follows it ("Thị xã" alone stays a name).
    """
    value = nfc(text)
    dotted = _DOTTED.match(value)
    if dotted:  # "TX.Điện Bàn", "P. 01", "H.Hòa Vang"
        head = search_key(dotted.group(1))
        unit_type = _WORD_TYPES.get(head) or _LETTER_PREFIXES.get(head)
        if unit_type:
            return unit_type, dotted.group(2).strip()
    lettered = _LETTER_NUMBER.match(value)
    if lettered:  # "P1", "P 01", "Q.3" is handled above
        return _LETTER_PREFIXES[lettered.group(1).lower()], lettered.group(2).strip()
    words = value.split(" ")
    for size in (2, 1):
        if len(words) > size:
            unit_type = _WORD_TYPES.get(search_key(" ".join(words[:size])))
            if unit_type:
                return unit_type, " ".join(words[size:])
    return None, value


def unit_match_key(name: str | None) -> str:
    """The key two spellings of one bare name share: "01" and "1" → "1"; "Đạ M'ri" and "Da Mri" → "damri".

    Stored for every unit (of its name without type). The prefix is not removed here: "Quan Sơn"
    is a name, not "Quận Sơn"; `parse_unit_text` decides about prefixes.
    """
    key = search_key(name)
    key = _NUMBER.sub(lambda m: str(int(m.group(0))), key)
    return _NOT_ALNUM.sub("", key)


@dataclass(frozen=True)
class ParsedUnitText:
    """What a typed unit name may mean: the type it names (if any) and the keys to look up, most likely first."""

    unit_type: str | None
    keys: tuple[str, ...]


def parse_unit_text(text: str | None) -> ParsedUnitText:
    """ "Xã Hoà Vang" → type "Xã", keys ("hoavang", "xahoavang"). The whole text is kept as a second
    key because without marks a name can look like a prefix ("Quan Sơn", "Tĩnh Túc")."""
    unit_type, bare = split_unit_prefix(text)
    keys = [unit_match_key(bare), unit_match_key(text)]
    return ParsedUnitText(unit_type, tuple(dict.fromkeys(k for k in keys if k)))


# Combining tone marks: grave, acute, tilde, hook above, dot below. Vowel marks (circumflex,
# breve, horn) and đ are letters and stay.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def spelling_key(name: str | None) -> str:
    """Lower-case spelling with marks, but the same for old and new tone placement: per word,
    its letters without the tone, then the tone ("Hoà" and "Hòa" → "hoa\u0300"). Used to prefer
    "Điện Phước" over "Diên Phước" when both share a match key."""
    words = []
    for word in nfc(name).lower().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        letters = "".join(ch for ch in decomposed if ch not in _TONES)
        tones = "".join(ch for ch in decomposed if ch in _TONES)
        words.append(unicodedata.normalize("NFC", letters) + tones)
    return " ".join(words)


def full_name(unit_type: str, name: str) -> str:
    return f"{unit_type} {name}".strip()
