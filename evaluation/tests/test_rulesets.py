"""Rule sets are data: the shipped files load, and a successor set is used with no code change."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command

from evaluation import services
from evaluation.batch import evaluate_year
from evaluation.models import YearResult
from evaluation.rating import add_months
from evaluation.rulesets import (
    RuleSetError,
    _load,
    all_rule_sets,
    criteria_for_year,
    deadlines_for_year,
    rule_set,
    size_rules_for_year,
    superseded_by,
)
from evaluation.tests.helpers import accepted, cooperative

SUCCESSOR_DIR = Path(__file__).parent / "rules_successor"


def test_the_shipped_sets_load_with_sources_and_dates():
    criteria = criteria_for_year(2024)
    assert criteria.code == "TT01-2020-v2" and criteria.max_total == 100
    assert len(criteria.criteria) == 15 and len(criteria.groups) == 3
    assert [b.min for b in criteria.bands] == [80, 65, 50, 0]
    assert criteria.provisional_criteria == frozenset({"10", "11", "12", "13", "14", "15"})
    assert size_rules_for_year(2025).code == "ND113-2024"
    assert size_rules_for_year(2023).code == "TT01-2020-quy-mo"
    assert size_rules_for_year(2024).code == "ND113-2024"  # in force on 31/12/2024
    assert all(s.source.document for s in all_rule_sets())


def test_the_district_step_maps_to_the_commune():
    assert [(s.code, s.legacy_code, s.day) for s in deadlines_for_year(2024).steps] == [
        ("cooperative", "", 15),
        ("commune", "district", 18),
        ("province", "", 21),
    ]


def test_a_broken_file_is_refused_with_its_name(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "code: X\nkind: criteria\ntitle: x\nsource: {document: d}\neffective_from: 2030-01-01\nbands: []\n"
        "groups:\n  - {code: I, title: t, max: 10, criteria: [{code: '1', title: c, max: 9}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="bad.yaml: tổng điểm các tiêu chí của nhóm I"):
        _load((tmp_path,))


def test_add_months_keeps_month_ends():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 11, 1), 12) == dt.date(2025, 11, 1)


@pytest.mark.django_db
def test_a_successor_set_applies_from_its_date_without_code_change(settings, personas):
    settings.EVALUATION_RULE_DIRS = [str(SUCCESSOR_DIR)]
    assert criteria_for_year(2025).code == "TEST-2025"
    assert criteria_for_year(2024).code == "TT01-2020-v2"
    organization = cooperative(personas.geo.commune_a, members=12, revenue=1_500_000_000)
    evaluate_year(2025)
    row = YearResult.objects.get(organization=organization, year=2025)
    assert (row.size_rules, row.size_class, row.size_provisional) == ("TEST-SIZE-2025", "lon", True)
    assert row.criteria_set == "TEST-2025"
    sheet = services.assessment_start(user=personas.cooperative, organization=personas.organization, year=2025)
    assert sheet.criteria_set == "TEST-2025"
    saved = services.assessment_save_scores(
        user=personas.cooperative, assessment=sheet, scores={"A1": "60", "B1a": "25", "B1b": "0"}
    )
    assert saved.total == 85  # Khá under the test set (Tốt needs 90), Tốt under TT 01/2020
    services.assessment_confirm(user=personas.cooperative, assessment=saved, supervisor_name="Kiểm")


@pytest.mark.django_db
def test_evaluate_year_command_is_idempotent(personas):
    from io import StringIO

    cooperative(personas.geo.commune_a, members=230, revenue=12_400_000_000)
    first, second = StringIO(), StringIO()
    call_command("evaluate_year", "2025", "--province", "48", stdout=first)
    rows = list(YearResult.objects.order_by("pk").values())
    call_command("evaluate_year", "2025", "--province", "48", stdout=second)
    assert "3 tổ chức; 3 tạo mới" in first.getvalue()
    assert "0 tạo mới, 0 cập nhật, 3 không đổi, 0 xóa" in second.getvalue()
    assert list(YearResult.objects.order_by("pk").values()) == rows
    assert not YearResult.objects.filter(organization=personas.outside_organization).exists()


@pytest.mark.django_db
def test_evaluate_year_command_refuses_an_unknown_province():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã “99”"):
        call_command("evaluate_year", "2025", "--province", "99")


def test_tt01_2020_has_three_groups_of_30_30_and_40_points_summing_to_100():
    criteria = criteria_for_year(2021)
    assert [(g.code, g.max, [c.code for c in g.criteria]) for g in criteria.groups] == [
        ("I", 30, ["1", "2", "3", "4"]),
        ("II", 30, ["5", "6", "7", "8", "9"]),
        ("III", 40, ["10", "11", "12", "13", "14", "15"]),
    ]
    assert sum(g.max for g in criteria.groups) == criteria.max_total == 100
    assert criteria.groups[2].title == "Nhóm tiêu chí về thành viên, lợi ích thành viên và cộng đồng"
    # the group total is sourced; how its 40 points split among criteria 10–15 is not
    assert criteria.groups[2].verification == "secondary"
    assert criteria.provisional_criteria == frozenset({"10", "11", "12", "13", "14", "15"})
    assert (criteria.version, criteria.supersedes, criteria.effective_from) == (2, "TT01-2020", dt.date(2020, 4, 1))


def test_the_four_group_version_stays_loadable_for_what_was_stored_under_it():
    old = rule_set("TT01-2020")
    assert [g.code for g in old.groups] == ["I", "II", "III", "IV"] and old.max_total == 100
    assert superseded_by("TT01-2020").code == "TT01-2020-v2"
    assert all(criteria_for_year(year).code == "TT01-2020-v2" for year in (2020, 2022, 2025))


@pytest.mark.django_db
def test_a_stored_result_keeps_the_old_set_until_the_year_is_rated_again(personas):
    organization = cooperative(personas.geo.commune_a, year=2023)
    accepted(organization, 2023, 82, code="TT01-2020")
    stored = YearResult.objects.create(
        organization=organization,
        year=2023,
        criteria_set="TT01-2020",
        rating="tot",
        rating_reason="82/100 điểm theo TT01-2020",
        total=82,
    )
    assert YearResult.objects.get(pk=stored.pk).criteria_set == "TT01-2020"  # nothing rewrites it by itself
    evaluate_year(2023)
    row = YearResult.objects.get(pk=stored.pk)
    assert (row.criteria_set, row.rating, row.total) == ("TT01-2020-v2", "tot", 82)
    assert "TT01-2020-v2" in row.rating_reason


def test_a_correction_must_name_a_loaded_set_of_its_kind(tmp_path):
    (tmp_path / "fix.yaml").write_text(
        "code: FIX\nkind: criteria\ntitle: x\nsource: {document: d}\neffective_from: 2030-01-01\nsupersedes: NOPE\n"
        "bands: []\ngroups:\n  - {code: I, title: t, max: 10, criteria: [{code: '1', title: c, max: 10}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="fix.yaml: không có bộ “NOPE”"):
        _load((tmp_path,))
