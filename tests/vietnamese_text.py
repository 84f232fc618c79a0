"""Finding Vietnamese labels left on a page rendered in English (tests/test_english.py).

A word is Vietnamese when it holds a letter with a Vietnamese diacritic (đ, ư, ơ, ă, â, ê, ô or a
tone mark). Data is not a label: organization, place and people's names, task titles and the like
are shown as entered. They are left out in two ways: an element marked `lang="vi"` (the language
switch, data spans) is skipped, and every text value stored in the database is cut out of the
page's text before the words are looked at.
"""

import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml

VIETNAMESE_LETTERS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
WORD = re.compile(r"[^\W\d_]+")
VIETNAMESE = re.compile(f"[{VIETNAMESE_LETTERS}{VIETNAMESE_LETTERS.upper()}]")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
#: Attributes people read or hear: tooltips, screen-reader names, placeholders, image texts.
READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def vietnamese_words(text: str) -> list[str]:
    """Words with a Vietnamese letter; acronyms and document numbers in capitals ("TT-BKHĐT", "QĐ")
    are names in either language and are not counted."""
    return [word for word in WORD.findall(text) if VIETNAMESE.search(word) and not (len(word) > 1 and word.isupper())]


class _Texts(HTMLParser):
    """The page's texts (text nodes and read attributes), outside <head>, scripts and lang="vi"."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[bool] = []  # per open element: is its content skipped?

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        marked_vietnamese = tag != "html" and attributes.get("lang") == "vi"
        skipped = self._skipped() or tag in SKIPPED_TAGS or tag == "head" or marked_vietnamese
        if not skipped:
            self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]
            if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
                self.texts.append(attributes["value"])
        if tag not in VOID_TAGS:
            self.stack.append(skipped)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipped() and data.strip():
            self.texts.append(data)


def page_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return [" ".join(unicodedata.normalize("NFC", text).split()) for text in parser.texts]


class DataValues:
    """Text values of the database, to cut out of a page's text: each value is filed under its
    rarest Vietnamese word, so a text is compared only with the values that may occur in it; and
    under its first PREFIX characters, for values a page shortens ("Hợp tác xã Dịch vụ Nông…")."""

    PREFIX = 24

    def __init__(self, values):
        values = {" ".join(unicodedata.normalize("NFC", str(v)).split()) for v in values}
        values = {v for v in values if vietnamese_words(v)}
        frequency = Counter(word.casefold() for value in values for word in set(vietnamese_words(value)))
        self.by_word: dict[str, list[str]] = {}
        for value in values:
            rarest = min((w.casefold() for w in vietnamese_words(value)), key=lambda w: (frequency[w], w))
            self.by_word.setdefault(rarest, []).append(value)
        for bucket in self.by_word.values():
            bucket.sort(key=len, reverse=True)
        self.by_prefix: dict[str, str] = {}
        for value in sorted(values, key=len):
            self.by_prefix.setdefault(value[: self.PREFIX], value)

    def strip(self, text: str) -> str:
        words = {word.casefold() for word in vietnamese_words(text)}
        candidates = sorted((v for w in words for v in self.by_word.get(w, ())), key=len, reverse=True)
        for value in candidates:
            if value in text:
                text = text.replace(value, " ")
        return self._strip_shortened(text)

    def _strip_shortened(self, text: str) -> str:
        """Cuts the start (at least PREFIX characters) of a value that the page shortened."""
        start = 0
        while start <= len(text) - self.PREFIX:
            value = self.by_prefix.get(text[start : start + self.PREFIX])
            if value is None:
                start += 1
                continue
            end = start + self.PREFIX
            while end < len(text) and end - start < len(value) and text[end] == value[end - start]:
                end += 1
            text = text[:start] + " " + text[end:]
            start += 1
        return text


def database_text_values() -> list[str]:
    """Every text value of the project's models (the demo's data), for DataValues. A field with an
    English twin (`name` beside `name_en`) is a label, not data: its Vietnamese must not show in English."""
    from django.apps import apps
    from django.db import models

    values = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):  # their other fields repeat the current rows
            values += [v for v in model._default_manager.values_list("history_change_reason", flat=True).distinct() if v]
            continue
        if model.__module__.startswith("django.") or model._meta.proxy:
            continue
        names = {f.attname for f in model._meta.concrete_fields}
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and f"{f.attname}_en" not in names
        ]
        for row in model._default_manager.values_list(*fields) if fields else ():
            values += [value for value in row if value]
    return values


def rule_file_values() -> list[str]:
    """The texts of the rule files (*/rules/*.yaml): criteria and legal sources quoted from the law,
    as data; their labels (size classes, rating bands) are translated (evaluation.rule_labels)."""
    from django.conf import settings

    from evaluation.rule_labels import RULE_LABELS

    def leaves(node):
        if isinstance(node, dict):
            for item in node.values():
                yield from leaves(item)
        elif isinstance(node, list):
            for item in node:
                yield from leaves(item)
        elif isinstance(node, str):
            yield node

    values = []
    for path in Path(settings.BASE_DIR).glob("*/rules/*.yaml"):
        values += [text for text in leaves(yaml.safe_load(path.read_text(encoding="utf-8"))) if text not in RULE_LABELS]
    return values


def vietnamese_left(html: str, data: DataValues) -> list[str]:
    """The page's texts that still hold Vietnamese words once data is cut out."""
    found = []
    for text in page_texts(html):
        if vietnamese_words(text) and vietnamese_words(data.strip(text)):
            found.append(text)
    return found
