import datetime as dt
from decimal import Decimal as D

import pytest

from indicators.models import Accumulation, Indicator, Target
from indicators.targets.progress import TargetStatus, decide, progress
from indicators.tests.fixtures import build

NOW = dt.date(2026, 6, 15)


def level(series, *, low=100, year=2027, now=NOW, at=None, higher_is_better=True):
    status, projection = decide(
        accumulation=Accumulation.LEVEL,
        low=D(low),
        target_year=year,
        start_year=2021,
        series={y: D(v) for y, v in series.items()},
        year=at if at is not None else min(now.year, year),
        now=now,
        higher_is_better=higher_is_better,
    )
    return status, projection


def test_a_level_reached_exactly_is_achieved_and_one_below_is_not():
    assert level({2025: 100})[0] == TargetStatus.ACHIEVED
    assert level({2025: 99})[0] == TargetStatus.AT_RISK  # a single value projects flat


def test_a_level_is_on_track_when_the_trend_reaches_the_target_exactly():
    # 70, 80, 90 → trend reaches 100 in 2026 and 110 in 2027
    status, projection = level({2023: 70, 2024: 80, 2025: 90}, low=110)
    assert (status, projection) == (TargetStatus.ON_TRACK, D(110))
    assert level({2023: 70, 2024: 80, 2025: 90}, low=D("110.01"))[0] == TargetStatus.AT_RISK


def test_the_status_is_decided_only_after_the_last_day_of_the_target_year():
    series = {2025: 90, 2026: 95}
    assert level(series, year=2026, now=dt.date(2026, 12, 31))[0] == TargetStatus.AT_RISK
    assert level(series, year=2026, now=dt.date(2027, 1, 1))[0] == TargetStatus.MISSED
    assert level({2025: 90, 2026: 100}, year=2026, now=dt.date(2027, 1, 1))[0] == TargetStatus.ACHIEVED


def test_lower_is_better_reverses_the_comparisons():
    assert level({2025: 100}, higher_is_better=False)[0] == TargetStatus.ACHIEVED
    assert level({2025: 101}, higher_is_better=False)[0] == TargetStatus.AT_RISK


def test_no_value_means_no_data():
    assert level({})[0] == TargetStatus.NO_DATA


def test_a_cumulative_total_projects_the_average_yearly_amount_of_completed_years():
    # 2021..2025: 40 new per year → 200 at the end of 2025; the current year 2026 has 10 so far.
    series = {2021: 40, 2022: 80, 2023: 120, 2024: 160, 2025: 200, 2026: 210}

    def status(low, year=2027):
        return decide(
            accumulation=Accumulation.CUMULATIVE,
            low=D(low),
            target_year=year,
            start_year=2021,
            series={y: D(v) for y, v in series.items()},
            year=2026,
            now=NOW,
        )

    assert status(210) == (TargetStatus.ACHIEVED, D(210))
    assert status(250) == (TargetStatus.ON_TRACK, D(250))  # 210 + 40 × 1
    assert status(251)[0] == TargetStatus.AT_RISK


def per_year(series, *, now=NOW, year=2026, low=4):
    return decide(
        accumulation=Accumulation.PER_YEAR,
        low=D(low),
        target_year=year,
        start_year=2021,
        series={y: D(v) for y, v in series.items()},
        year=min(now.year, year),
        now=now,
    )[0]


def test_per_year_targets_need_every_year_at_or_above_the_bound():
    assert per_year({2021: 4, 2022: 5, 2025: 6}) == TargetStatus.ON_TRACK
    assert per_year({2021: 4, 2022: 5, 2025: 6, 2026: 1}) == TargetStatus.ON_TRACK  # this year's estimate does not decide
    assert per_year({2021: 4, 2022: D("3.99")}) == TargetStatus.AT_RISK
    assert per_year({2021: 4, 2022: 5}, year=2025) == TargetStatus.ACHIEVED
    assert per_year({2021: 4, 2022: 3}, year=2025) == TargetStatus.MISSED
    assert per_year({2020: 1, 2021: 4}, year=2025) == TargetStatus.ACHIEVED  # the baseline year is not judged


@pytest.mark.django_db
def test_progress_of_a_seeded_cumulative_target_on_real_data(geo):
    build(geo)
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="htx_new"),
        scope_level="province",
        scope_unit=geo.legacy_province,
        start_year=2021,
        year=2025,
        value_min=2,
        value_max=3,
        accumulation=Accumulation.CUMULATIVE,
        document="Kế hoạch thử",
    )
    result = progress(target, year=2025)
    # b_new (2024) and founded_2025 are on the old province's territory.
    assert result.series[2024] == 1 and result.actual == 2
    assert result.percent == 100
    assert result.status == TargetStatus.ACHIEVED


def test_a_missed_status_names_the_year_that_missed_next_to_a_high_percentage():
    from indicators.targets.progress import Progress

    missed = Progress(None, None, 2025, D(130), D("130.6"), TargetStatus.MISSED, missed_years=(2023,))
    assert missed.status_label == "Không đạt năm 2023"
    two = Progress(None, None, 2025, D(2), D(40), TargetStatus.MISSED, missed_years=(2022, 2023))
    assert two.status_label == "Không đạt năm 2022, 2023"
    risk = Progress(None, None, 2025, D(5), D(100), TargetStatus.AT_RISK, missed_years=(2023,))
    assert risk.status_label == "Có nguy cơ không đạt (năm 2023 không đạt)"
    assert Progress(None, None, 2025, D(5), D(100), TargetStatus.ACHIEVED).status_label == "Đạt"


@pytest.mark.django_db
def test_a_per_year_target_missed_in_some_years_names_those_years(geo):
    build(geo)  # the old province holds 7 HTX at the end of 2020–2022, 6 at the end of 2023 and 2024
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="htx_total"),
        scope_level="province",
        scope_unit=geo.legacy_province,
        start_year=2021,
        year=2024,
        value_min=7,
        accumulation=Accumulation.PER_YEAR,
        document="Kế hoạch thử",
    )
    result = progress(target, year=2024)
    assert [result.series[y] for y in range(2021, 2025)] == [7, 7, 6, 6]
    assert result.status == TargetStatus.MISSED and result.missed_years == (2023, 2024)
    assert result.status_label == "Không đạt năm 2023, 2024"
