"""Yearly figures of one organization: a base size drawn once, then a bounded random walk.

Distributions are skewed (log-normal) like the real ones: most cooperatives are small, a few
large agricultural-service ones have thousands of member households. The base year resembles
Quảng Nam at the end of 2018 (domain.md §5): about 370 members and 14 regular workers per HTX,
average revenue ≈ 2.5 billion VND. Year-on-year changes stay within about ±30 %, well inside
the registry's plausibility check (registry.rules.PLAUSIBLE_GROWTH_FACTOR).
"""

import datetime as dt
import math
import random
from dataclasses import dataclass

from registry.demo.vocabulary import BusinessLine
from registry.models import Field

MILLION = 1_000_000


@dataclass
class YearFigures:
    members_official: int
    members_associate: int
    new_members: int
    member_cooperatives: int
    regular_workers: int
    revenue: int
    revenue_from_members: int
    pre_tax_profit: int
    total_capital: int
    indivisible_assets: int
    average_worker_income: int
    development_fund: int
    reserve_fund: int
    other_funds: int


@dataclass
class Profile:
    """What stays stable for an organization across years."""

    members: float
    associates: float
    workers: float
    revenue: float
    capital_ratio: float
    asset_share: float
    member_share: float
    margin: float
    income: float  # monthly income of a regular worker in the first report year


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


AGRICULTURAL_SERVICE = {"0161", "3512", "3600"}  # whole-commune service cooperatives: many member households


def cooperative_profile(rng: random.Random, line: BusinessLine, *, kind: str, credit_fund: bool = False) -> Profile:
    if kind == "tht":
        return Profile(
            members=max(2, lognormal(rng, 10, 0.5)),
            associates=0,
            workers=max(0, lognormal(rng, 3, 0.7) - 1),
            revenue=lognormal(rng, 280 * MILLION, 0.8) * line.revenue_factor,
            capital_ratio=lognormal(rng, 0.5, 0.4),
            asset_share=0,
            member_share=rng.uniform(*line.member_share),
            margin=rng.gauss(0.08, 0.04),
            income=_clip(lognormal(rng, 4.2 * MILLION, 0.15), 3 * MILLION, 7 * MILLION),
        )
    if credit_fund:
        return Profile(
            members=lognormal(rng, 2500, 0.4),
            associates=0,
            workers=max(5, lognormal(rng, 10, 0.3)),
            revenue=lognormal(rng, 9_000 * MILLION, 0.4),
            capital_ratio=lognormal(rng, 12, 0.2),
            asset_share=rng.uniform(0.01, 0.05),
            member_share=rng.uniform(*line.member_share),
            margin=abs(rng.gauss(0.12, 0.04)),
            income=_clip(lognormal(rng, 7.5 * MILLION, 0.12), 6 * MILLION, 11 * MILLION),
        )
    large = line.vsic in AGRICULTURAL_SERVICE
    return Profile(
        members=max(7, lognormal(rng, 600 if large else 25, 0.8 if large else 0.7)),
        associates=lognormal(rng, 3, 0.8) if rng.random() < 0.25 else 0,
        workers=max(1, lognormal(rng, 10, 0.8)),
        revenue=lognormal(rng, 1_400 * MILLION, 1.0) * line.revenue_factor,
        capital_ratio=lognormal(rng, 0.9, 0.5),
        asset_share=rng.uniform(0.05, 0.4),
        member_share=rng.uniform(*line.member_share),
        margin=rng.gauss(0.035, 0.03),
        income=_clip(lognormal(rng, 5.2 * MILLION, 0.12), 3.8 * MILLION, 9 * MILLION),
    )


def yearly_figures(
    rng: random.Random,
    profile: Profile,
    *,
    field: str,
    years: list[int],
    founded_on: dt.date,
    member_cooperatives: dict[int, int] | None = None,
) -> dict[int, YearFigures]:
    """Figures for each year in `years` (consecutive), starting from the profile's base size.

    `member_cooperatives` (unions) gives the number of member HTX at each year's end; it then
    also counts as the union's official members.
    """
    out: dict[int, YearFigures] = {}
    members, associates, workers = profile.members, profile.associates, profile.workers
    revenue, capital, income = profile.revenue, profile.revenue * profile.capital_ratio, profile.income
    previous_members = None
    for index, year in enumerate(years):
        if index:
            shock = -0.08 if year == 2020 and field == Field.TRADE else (-0.04 if year in (2020, 2021) else 0.0)
            revenue *= 1 + _clip(rng.gauss(0.04 + shock, 0.1), -0.25, 0.28)
            capital *= 1 + _clip(rng.gauss(0.04, 0.07), -0.2, 0.25)
            members *= 1 + _clip(rng.gauss(0.01, 0.04), -0.15, 0.2)
            associates *= 1 + _clip(rng.gauss(0.03, 0.1), -0.2, 0.3)
            workers *= 1 + _clip(rng.gauss(0.02, 0.08), -0.25, 0.25)
            income *= 1 + _clip(rng.gauss(0.045, 0.02), 0.0, 0.1)
        # A cooperative founded during the year reports part of a year of business (at least half,
        # so the next year does not look like an implausible jump).
        fraction = max(0.5, (12 - founded_on.month + 1) / 12) if year == founded_on.year else 1.0
        unions = member_cooperatives.get(year, 0) if member_cooperatives is not None else 0
        official = unions if member_cooperatives is not None else max(2, round(members))
        associate = round(associates)
        year_revenue = round(revenue * fraction, -6)
        from_members = round(year_revenue * _clip(profile.member_share + rng.gauss(0, 0.04), 0.0, 1.0), -5)
        margin = profile.margin + rng.gauss(0, 0.025)
        profit = round(year_revenue * margin, -5)
        total_capital = round(capital, -6)
        joined = official - previous_members if previous_members is not None else official
        churn = round(official * abs(rng.gauss(0, 0.015)))
        new_members = _clip(max(0, joined) + churn, 0, official + associate)
        positive = max(profit, 0)
        out[year] = YearFigures(
            members_official=official,
            members_associate=associate,
            new_members=int(new_members),
            member_cooperatives=unions,
            regular_workers=round(workers),
            revenue=int(year_revenue),
            revenue_from_members=int(min(from_members, year_revenue)),
            pre_tax_profit=int(profit),
            total_capital=int(total_capital),
            indivisible_assets=int(round(total_capital * profile.asset_share, -5)),
            average_worker_income=int(round(income, -4)) if workers >= 0.5 else 0,
            development_fund=int(round(positive * rng.uniform(0.1, 0.3), -4)),
            reserve_fund=int(round(positive * rng.uniform(0.03, 0.08), -4)),
            other_funds=int(round(positive * rng.uniform(0.0, 0.1), -4)),
        )
        previous_members = official
    return out
