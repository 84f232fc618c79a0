"""The labels of the rule files (evaluation/rules/*.yaml: size classes, rating bands, axes), listed
for `makemessages`: the files are Vietnamese and the code translates a label where it shows it
(`gettext(band.label)`), so each needs its entry in locale/*/django.po. A test checks the list
against the files."""

from django.utils.translation import gettext_noop

RULE_LABELS = (
    gettext_noop("Lớn"),
    gettext_noop("Vừa"),
    gettext_noop("Nhỏ"),
    gettext_noop("Siêu nhỏ"),
    gettext_noop("Tốt"),
    gettext_noop("Khá"),
    gettext_noop("Trung bình"),
    gettext_noop("Yếu"),
    gettext_noop("Quy mô"),
    gettext_noop("Quy mô thành viên"),
    gettext_noop("Quy mô vốn"),
)
