"""The rule files' labels (size classes, rating bands, axes) are listed for makemessages and
translated where they show: an English page says "Micro", not "Siêu nhỏ"."""

from pathlib import Path

import pytest
import yaml
from django.utils import translation

from evaluation.filters import rating_choices, size_class_choices
from evaluation.rule_labels import RULE_LABELS

RULES = Path(__file__).resolve().parent.parent / "rules"


def test_every_label_of_the_rule_files_is_listed_for_translation():
    labels = set()
    for path in RULES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        labels |= {item["label"] for key in ("classes", "bands", "axes") for item in data.get(key) or ()}
    assert labels and labels <= set(RULE_LABELS)


@pytest.mark.parametrize(
    ("language", "size", "rating"),
    [("vi", "Siêu nhỏ", "Không thuộc diện đánh giá"), ("en", "Micro", "Not subject to rating")],
)
def test_size_and_rating_choices_are_in_the_page_language(language, size, rating):
    with translation.override(language):
        assert dict(size_class_choices())["sieu_nho"] == size
        assert dict(rating_choices())["excluded"] == rating
