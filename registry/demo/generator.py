"""Build the organizations of one province: names, places, status histories, members, reports.

Everything is drawn from one `random.Random`, iterating units in code order, so a seed always
gives the same data. Rows are written with `bulk_create` and simple-history rows (the demo), or
without history through `registry.demo.bulk` (the national benchmark data: explicit ids,
multi-row INSERTs). Their derived columns (province, search text, current status) are filled the
way the models' `save()` and `registry.services.organization_refresh_status` fill them.
"""

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from geo.models import REFORM_DATE, AdminUnit, Level, UnitSuccession
from registry.demo import bulk, people
from registry.demo import vocabulary as words
from registry.demo.figures import YearFigures, cooperative_profile, lognormal, yearly_figures
from registry.lifetime import summary_of
from registry.models import AnnualReport, Member, Organization, OrganizationKind, Status, StatusEvent
from registry.status import status_on


@dataclass(frozen=True)
class Volume:
    """How much to build in one province."""

    cooperatives: int
    groups: int
    unions: int
    credit_funds: int
    report_years: tuple[int, int] = (2019, 2025)
    group_reports: bool = True
    #: members listed by name per organization, at most (the reports carry the full counts)
    member_cap: int = 30
    with_history: bool = True

    def scaled(self, scale: float) -> "Volume":
        return replace(
            self,
            cooperatives=max(12, round(self.cooperatives * scale)),
            groups=max(8, round(self.groups * scale)),
            unions=max(1, round(self.unions * scale)) if self.unions else 0,
            credit_funds=max(1, round(self.credit_funds * scale)) if self.credit_funds else 0,
        )


@dataclass
class Site:
    """A current commune and the pre-2025 communes whose records roll up into it."""

    commune: AdminUnit
    legacy: list[AdminUnit]
    urban: bool
    upland: bool
    weight: float = 1.0


@dataclass
class Draft:
    organization: Organization
    site: Site
    events: list[StatusEvent] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    reports: list[AnnualReport] = field(default_factory=list)
    ended_on: dt.date | None = None
    representative: people.Person | None = None
    #: members (official and associate) in the latest report, or at founding without reports
    member_count: int = 7


class RegistrationCodes:
    """Unique 10-digit codes (tax codes); those already in the database are never reused."""

    def __init__(self):
        self.used = set(Organization.objects.exclude(registration_code="").values_list("registration_code", flat=True))

    def new(self, rng: random.Random, prefix: str) -> str:
        while True:
            code = f"{prefix}{rng.randrange(10 ** (10 - len(prefix))):0{10 - len(prefix)}d}"
            if code not in self.used:
                self.used.add(code)
                return code


def load_sites(province: AdminUnit) -> list[Site]:
    """The province's current communes in code order, each with its legacy predecessors
    (those it is the primary successor of, or failing that any)."""
    communes = list(AdminUnit.objects.current().communes().filter(province=province).order_by("code"))
    by_commune: dict[int, list[tuple[bool, AdminUnit]]] = {c.pk: [] for c in communes}
    edges = (
        UnitSuccession.objects.filter(new_unit__in=communes, old_unit__level=Level.COMMUNE)
        .select_related("old_unit__parent")
        .order_by("old_unit__code")
    )
    for edge in edges:
        by_commune[edge.new_unit_id].append((edge.is_primary, edge.old_unit))
    sites = []
    for commune in communes:
        edges_here = by_commune[commune.pk]
        if not edges_here and commune.unit_type == "Đặc khu":
            continue  # an island zone formed from no commune (Hoàng Sa): nobody founds a cooperative there
        legacy = [unit for primary, unit in edges_here if primary] or [unit for _p, unit in edges_here]
        upland = any(
            unit.parent is not None and any(d in unit.parent.full_name for d in words.UPLAND_DISTRICTS) for unit in legacy
        )
        sites.append(Site(commune, legacy, urban=commune.unit_type.lower().startswith("phường"), upland=upland))
    return sites


def organization_search_text(org: Organization) -> str:
    # bulk_create does not call save(), so the demo computes the key itself, the same way.
    return org.compute_search_text()


def member_search_text(member: Member) -> str:
    return member.compute_search_text()


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _line_for(rng: random.Random, lines, site: Site) -> words.BusinessLine:
    weights = [(line.urban if site.urban else line.rural) * (line.upland if site.upland else 1.0) for line in lines]
    return rng.choices(lines, weights=weights)[0]


def _founding_date(rng: random.Random, *, kind: str, as_of: dt.date) -> dt.date:
    """Old cooperatives (transformed under the 1996/2003 laws) and a steady flow of new ones,
    more of them after the 2012 law and the new-model drive of 2018–2022."""
    last_year = min(as_of.year, 2025)
    if kind != OrganizationKind.COOPERATIVE_GROUP and rng.random() < 0.38:
        year = rng.randint(1997, 2009)
    else:
        first = 2005 if kind == OrganizationKind.COOPERATIVE_GROUP else 2010
        years = list(range(first, last_year + 1))
        weights = [1 + 0.12 * (y - first) + (1.0 if 2018 <= y <= 2022 else 0) for y in years]
        year = rng.choices(years, weights=weights)[0]
    end = min(dt.date(year, 12, 31), as_of - dt.timedelta(days=30))
    return _random_day(rng, dt.date(year, 1, 1), end)


class ProvinceBuilder:
    def __init__(self, *, rng: random.Random, province: AdminUnit, sites: list[Site], volume: Volume, as_of: dt.date, codes):
        self.rng = rng
        self.province = province
        self.sites = sites
        self.volume = volume
        self.as_of = as_of
        self.codes = codes
        self.names: Counter[str] = Counter()
        self.province_number = int(province.code)
        self.quang_nam_id = AdminUnit.objects.legacy().provinces().filter(code="49").values_list("pk", flat=True).first()
        for site in sites:
            site.weight = max(0.05, site_weight(rng, site))

    # --- one organization --------------------------------------------------------------

    def _place(self, site: Site, founded_on: dt.date) -> tuple[str, AdminUnit | None]:
        """The name part and legacy commune of an organization founded on `founded_on`."""
        if founded_on < REFORM_DATE and site.legacy:
            legacy = self.rng.choice(site.legacy)
            return legacy.name, legacy
        return site.commune.name, None

    def _unique_name(self, name: str, separator: str = " ") -> str:
        self.names[name] += 1
        return name if self.names[name] == 1 else f"{name}{separator}{self.names[name]}"

    def _tax_prefix(self, legacy: AdminUnit | None) -> str:
        # Quảng Nam tax codes start with 40, Đà Nẵng's with 04; elsewhere the province code stands in.
        if legacy is not None and legacy.province_id == self.quang_nam_id:
            return "40"
        return "04" if self.province_number == 48 else f"{self.province_number % 100:02d}"

    def draft(self, *, kind: str, line: words.BusinessLine, site: Site, credit_fund: bool = False, founded_on=None) -> Draft:
        rng = self.rng
        founded_on = founded_on or _founding_date(rng, kind=kind, as_of=self.as_of)
        place, legacy = self._place(site, founded_on)
        group = kind == OrganizationKind.COOPERATIVE_GROUP
        address_hamlet = people.hamlet(rng, urban=site.urban)
        if group:
            for _attempt in range(3):  # another hamlet rather than "… thôn 4 2"
                if f"Tổ hợp tác {line.label} {_lower_first(address_hamlet)}" not in self.names:
                    break
                address_hamlet = people.hamlet(rng, urban=site.urban)
            name = self._unique_name(f"Tổ hợp tác {line.label} {_lower_first(address_hamlet)}", separator=" số ")
        elif kind == OrganizationKind.UNION:
            name = self._unique_name(f"Liên hiệp Hợp tác xã {line.label} {self.province.name}")
        elif credit_fund:
            name = self._unique_name(f"Quỹ tín dụng nhân dân {place}")
        else:
            name = self._unique_name(f"Hợp tác xã {line.label} {place}")
        representative = people.person(rng, male=rng.random() < 0.75, upland=site.upland)
        registered = not group or rng.random() < 0.35
        registered_on = founded_on + dt.timedelta(days=rng.randint(0, 20)) if registered else None
        if registered_on and registered_on > self.as_of:
            registered_on = founded_on
        code = "" if group else self.codes.new(rng, self._tax_prefix(legacy))
        capital = None
        if not group:
            median = 3_000 if credit_fund or kind == OrganizationKind.UNION else 400
            capital = int(round(lognormal(rng, median * 1_000_000, 0.8), -6))
        short_name = ""
        if kind == OrganizationKind.COOPERATIVE and not credit_fund and rng.random() < 0.5:
            short_name = f"HTX {people.initials(line.label)} {place}"
        org = Organization(
            kind=kind,
            is_credit_fund=credit_fund,
            registration_code=code,
            name=name,
            short_name=short_name,
            address=f"{address_hamlet}, {site.commune.full_name}, {self.province.full_name}",
            commune=site.commune,
            legacy_commune=legacy,
            province=self.province,
            field=line.field,
            vsic_code=line.vsic,
            main_business=line.main_business,
            founded_on=founded_on,
            registered_on=registered_on,
            legal_representative=representative.name,
            representative_title=words.GROUP_TITLE if group else rng.choice(words.COOPERATIVE_TITLES),
            charter_capital=capital,
            phone=f"0{rng.choice((235, 236))}{rng.randrange(10**7):07d}" if not group else "",
        )
        org.search_text = organization_search_text(org)
        draft = Draft(org, site)
        self._status_history(draft, group=group, steady=kind == OrganizationKind.UNION)
        draft.representative = representative
        return draft

    def _status_history(self, draft: Draft, *, group: bool, steady: bool = False) -> None:
        org = draft.organization
        start = org.registered_on or org.founded_on
        code = org.registration_code
        events = [
            StatusEvent(
                organization=org,
                status=Status.OPERATING,
                effective_on=start,
                decision_ref=f"Giấy chứng nhận đăng ký HTX số {code}" if code else "",
                note="Đăng ký thành lập" if org.registered_on else "Thành lập theo hợp đồng hợp tác",
            )
        ]
        age = (self.as_of - start).days / 365
        roll = self.rng.random()  # drawn for every organization: the same seed gives the same demo
        story = None if age < 2 or steady else self._story(roll, group=group)
        later, ended = story(org, start, group=group) if story else ([], None)
        draft.events = events + later
        draft.ended_on = ended
        org.current_status = status_on(draft.events, self.as_of) or Status.OPERATING
        for name, value in summary_of(draft.events).items():  # inserted in bulk: no signal fills these
            setattr(org, name, value)

    def _story(self, roll: float, *, group: bool):
        """What happened to the organization after its founding, by the roll of the dice: each
        story returns (later events, the day it stopped operating or None)."""
        if roll < (0.15 if group else 0.12):
            return self._ended
        if roll < 0.20:
            return self._went_inactive
        if group:
            return None
        stories = ((0.23, self._converted), (0.24, self._revoked), (0.27, self._suspended_now), (0.28, self._dissolving_now))
        return next((story for limit, story in stories if roll < limit), self._suspended_once)

    def _day_between(self, start: dt.date, low_years: float, high_date: dt.date) -> dt.date | None:
        low = start + dt.timedelta(days=int(low_years * 365))
        return _random_day(self.rng, low, high_date) if low < high_date else None

    def _ended(self, org, start, *, group):
        rng, as_of = self.rng, self.as_of
        begin = self._day_between(start, 1.5, as_of - dt.timedelta(days=120))
        if not begin:
            return [], None
        events = []
        if not group and rng.random() < 0.5 and (begin - start).days > 800:
            events.append(self._event(org, Status.INACTIVE, begin - dt.timedelta(days=rng.randint(380, 700))))
        if group:
            events.append(self._event(org, Status.DISSOLVED, begin, note="Chấm dứt hợp đồng hợp tác"))
        else:
            events.append(self._event(org, Status.DISSOLVING, begin, note="Nghị quyết giải thể tự nguyện"))
            done = begin + dt.timedelta(days=rng.randint(60, 270))
            if done <= as_of:
                events.append(self._event(org, Status.DISSOLVED, done, ref=f"{rng.randint(10, 999)}/TB-ĐKKD"))
        return events, events[-1].effective_on if events[-1].status != Status.INACTIVE else begin

    def _went_inactive(self, org, start, *, group):
        begin = self._day_between(start, 1, self.as_of - dt.timedelta(days=60))
        if not begin:
            return [], None
        return [self._event(org, Status.INACTIVE, begin, note="Không hoạt động, chưa làm thủ tục giải thể")], begin

    def _converted(self, org, start, *, group):
        begin = self._day_between(start, 2, self.as_of - dt.timedelta(days=30))
        if not begin:
            return [], None
        return [self._event(org, Status.CONVERTED, begin, note="Chuyển đổi thành công ty TNHH")], begin

    def _revoked(self, org, start, *, group):
        rng = self.rng
        begin = self._day_between(start, 1, self.as_of - dt.timedelta(days=500))
        if not begin:
            return [], None
        revoked = begin + dt.timedelta(days=rng.randint(370, 480))
        inactive = self._event(org, Status.INACTIVE, begin)
        return [inactive, self._event(org, Status.REVOKED, revoked, ref=f"{rng.randint(10, 999)}/QĐ-ĐKKD")], begin

    def _suspended_now(self, org, start, *, group):
        rng, as_of = self.rng, self.as_of
        begin = as_of - dt.timedelta(days=rng.randint(10, 300))
        ends = begin + dt.timedelta(days=rng.randint(max(180, (as_of - begin).days + 30), 365))
        return [self._event(org, Status.SUSPENDED, begin, ends_on=ends, note="Thông báo tạm ngừng kinh doanh")], None

    def _dissolving_now(self, org, start, *, group):
        begin = self.as_of - dt.timedelta(days=self.rng.randint(30, 200))
        return [self._event(org, Status.DISSOLVING, begin, note="Nghị quyết giải thể tự nguyện")], begin

    def _suspended_once(self, org, start, *, group):
        """One organization in ten of the rest stopped for a while and came back."""
        if self.rng.random() >= 0.1:
            return [], None
        begin = self._day_between(start, 1, self.as_of - dt.timedelta(days=420))
        if not begin:
            return [], None
        ends = begin + dt.timedelta(days=self.rng.randint(90, 365))
        return [
            self._event(org, Status.SUSPENDED, begin, ends_on=ends, note="Thông báo tạm ngừng kinh doanh"),
            self._event(org, Status.OPERATING, ends + dt.timedelta(days=1), note="Hoạt động trở lại"),
        ], None

    @staticmethod
    def _event(org, status, day, *, ends_on=None, ref="", note="") -> StatusEvent:
        return StatusEvent(organization=org, status=status, effective_on=day, ends_on=ends_on, decision_ref=ref, note=note)

    def report_years(self, draft: Draft) -> list[int]:
        first, last = self.volume.report_years
        founded = draft.organization.founded_on
        # The report of year Y is due by 15/12 of Y (TT 09/2024): none yet for a year not over.
        last = min(last, self.as_of.year if self.as_of >= dt.date(self.as_of.year, 12, 15) else self.as_of.year - 1)
        years = [y for y in range(max(first, founded.year), last + 1)]
        if draft.ended_on is not None:
            end = draft.ended_on
            years = [y for y in years if y < end.year or (y == end.year and end.month > 6)]
        return years

    def add_reports(self, draft: Draft, *, line: words.BusinessLine, member_cooperatives=None) -> dict[int, YearFigures]:
        org = draft.organization
        years = self.report_years(draft)
        profile = cooperative_profile(self.rng, line, kind=org.kind, credit_fund=org.is_credit_fund)
        figures = yearly_figures(
            self.rng, profile, field=org.field, years=years, founded_on=org.founded_on, member_cooperatives=member_cooperatives
        )
        group = org.kind == OrganizationKind.COOPERATIVE_GROUP
        if not years:
            draft.member_count = max(7 if not group else 2, round(profile.members))
            return figures
        if group and not self.volume.group_reports:
            draft.member_count = figures[years[-1]].members_official
            return figures
        for year, values in figures.items():
            if group:  # cooperative groups keep no indivisible assets and no statutory funds
                values.indivisible_assets = values.development_fund = values.reserve_fund = values.other_funds = 0
            submitted = dt.datetime(year, 12, self.rng.randint(1, 15), 9, tzinfo=dt.UTC)
            draft.reports.append(AnnualReport(organization=org, year=year, submitted_at=submitted, **values.__dict__))
        draft.member_count = figures[years[-1]].members_official + figures[years[-1]].members_associate
        return figures

    def add_members(self, draft: Draft, *, official_share: float = 1.0) -> None:
        """Named members: the representative first, then people, households and a few companies."""
        rng, org, site = self.rng, draft.organization, draft.site
        listed = max(2, min(draft.member_count, self.volume.member_cap))
        founders = min(listed, 7)
        end = draft.ended_on or self.as_of
        contribution = (org.charter_capital or 0) // max(listed, 1)
        associates = 0 if org.kind == OrganizationKind.COOPERATIVE_GROUP else round(listed * (1 - official_share))
        for index in range(listed):
            who = draft.representative if index == 0 else people.person(rng, upland=site.upland)
            joined = org.founded_on if index < founders else _random_day(rng, org.founded_on, end)
            left = None
            if index >= founders and rng.random() < 0.08 and (end - joined).days > 400:
                left = _random_day(rng, joined + dt.timedelta(days=365), end)
            roll = rng.random()
            if index and org.kind == OrganizationKind.COOPERATIVE and roll < 0.04:
                name, member_type, identifier = (
                    people.legal_entity_name(rng, site.commune.name),
                    Member.MemberType.LEGAL_ENTITY,
                    "",
                )
                identifier = f"04{rng.randrange(10**8):08d}"
            elif index and roll < 0.5:
                name, member_type = people.household_name(who), Member.MemberType.HOUSEHOLD
                identifier = people.citizen_id(rng, who, province_code=self.province_number)
            else:
                name, member_type = who.name, Member.MemberType.PERSON
                identifier = people.citizen_id(rng, who, province_code=self.province_number)
            member = Member(
                organization=org,
                kind=Member.Kind.ASSOCIATE if index >= listed - associates else Member.Kind.OFFICIAL,
                member_type=member_type,
                name=name,
                identifier=identifier,
                capital_contribution=int(round(contribution * rng.uniform(0.5, 1.5), -5)) if contribution else None,
                joined_on=joined,
                left_on=left,
            )
            member.search_text = member_search_text(member)
            draft.members.append(member)

    # --- the province ------------------------------------------------------------------

    def _site(self) -> Site:
        return self.rng.choices(self.sites, weights=[s.weight for s in self.sites])[0]

    def build(self) -> list[Draft]:
        rng, volume = self.rng, self.volume
        drafts: list[Draft] = []
        cooperatives: list[Draft] = []
        for _ in range(volume.cooperatives - volume.credit_funds):
            site = self._site()
            line = _line_for(rng, words.COOPERATIVE_LINES, site)
            draft = self.draft(kind=OrganizationKind.COOPERATIVE, line=line, site=site)
            self.add_reports(draft, line=line)
            self.add_members(draft, official_share=0.95)
            cooperatives.append(draft)
        for _ in range(volume.credit_funds):
            site = self._site()
            draft = self.draft(kind=OrganizationKind.COOPERATIVE, line=words.CREDIT_FUND_LINE, site=site, credit_fund=True)
            self.add_reports(draft, line=words.CREDIT_FUND_LINE)
            self.add_members(draft)
            cooperatives.append(draft)
        drafts.extend(cooperatives)
        urban_sites = [s for s in self.sites if s.urban] or self.sites
        for _ in range(volume.unions):
            site = rng.choice(urban_sites)
            line = rng.choice(words.UNION_LINES)
            founded = _founding_date(rng, kind=OrganizationKind.UNION, as_of=self.as_of)
            draft = self.draft(kind=OrganizationKind.UNION, line=line, site=site, founded_on=max(founded, dt.date(2008, 1, 1)))
            counts = self._union_members(draft, cooperatives)
            self.add_reports(draft, line=line, member_cooperatives=counts)
            drafts.append(draft)
        for _ in range(volume.groups):
            site = self._site()
            line = _line_for(rng, words.GROUP_LINES, site)
            draft = self.draft(kind=OrganizationKind.COOPERATIVE_GROUP, line=line, site=site)
            self.add_reports(draft, line=line)
            self.add_members(draft)
            drafts.append(draft)
        return drafts

    def _union_members(self, union: Draft, cooperatives: list[Draft]) -> dict[int, int]:
        """Member HTX of a union (legal-entity members) and how many there were at each year's end."""
        rng, org = self.rng, union.organization
        end = union.ended_on or self.as_of
        candidates = [
            d
            for d in cooperatives
            if not d.organization.is_credit_fund
            and d.organization.founded_on < end
            and (d.ended_on is None or d.ended_on > org.founded_on)
        ]
        chosen = rng.sample(candidates, min(len(candidates), max(3, round(rng.gauss(14, 4)))))
        chosen.sort(key=lambda d: d.organization.registration_code)
        for member_draft in chosen:
            member_org = member_draft.organization
            joined = _random_day(rng, max(org.founded_on, member_org.registered_on or member_org.founded_on), end)
            left = None
            if member_draft.ended_on is not None and member_draft.ended_on >= joined:
                left = member_draft.ended_on
            member = Member(
                organization=org,
                kind=Member.Kind.OFFICIAL,
                member_type=Member.MemberType.LEGAL_ENTITY,
                name=member_org.name,
                identifier=member_org.registration_code,
                member_organization=member_org,
                capital_contribution=int(round((org.charter_capital or 0) / max(len(chosen), 1) * rng.uniform(0.6, 1.4), -6)),
                joined_on=joined,
                left_on=left,
            )
            member.search_text = member_search_text(member)
            union.members.append(member)
        first, last = self.volume.report_years
        return {
            year: sum(
                1
                for m in union.members
                if m.joined_on <= dt.date(year, 12, 31) and (m.left_on is None or m.left_on > dt.date(year, 12, 31))
            )
            for year in range(first, last + 1)
        }


def site_weight(rng: random.Random, site: Site) -> float:
    """How many organizations a commune attracts: rural communes more, some far more than others."""
    base = 0.6 if site.urban else 1.0
    return base * lognormal(rng, 1.0, 0.6) * (1 + 0.3 * len(site.legacy)) / 2


@dataclass
class Written:
    organizations: int = 0
    events: int = 0
    members: int = 0
    reports: int = 0

    def __iadd__(self, other: "Written") -> "Written":
        for name in ("organizations", "events", "members", "reports"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@transaction.atomic
def write(drafts: list[Draft], *, with_history: bool, batch_size: int = 500) -> Written:
    """Insert the drafts' rows; history rows too when `with_history` (the demo's detail pages
    show them; the national benchmark data skips them and goes in through the faster
    `registry.demo.bulk`)."""
    now = timezone.now()

    def insert(objs, model):
        if not objs:
            return
        if with_history:
            bulk_create_with_history(objs, model, batch_size=batch_size, default_date=now, default_change_reason="Dữ liệu mẫu")
        else:
            bulk.insert(objs, model, now=now)

    insert([d.organization for d in drafts], Organization)
    events = [e for d in drafts for e in d.events]
    members = [m for d in drafts for m in d.members]
    reports = [r for d in drafts for r in d.reports]
    insert(events, StatusEvent)
    insert(members, Member)
    insert(reports, AnnualReport)
    return Written(len(drafts), len(events), len(members), len(reports))


def populate_province(*, rng: random.Random, province: AdminUnit, volume: Volume, as_of: dt.date, codes=None) -> Written:
    """Generate and write one province's organizations. Returns the row counts."""
    sites = load_sites(province)
    if not sites:
        raise ValueError(f"Tỉnh, thành phố {province} chưa có xã, phường (chạy manage.py geo_load trước).")
    builder = ProvinceBuilder(
        rng=rng, province=province, sites=sites, volume=volume, as_of=as_of, codes=codes or RegistrationCodes()
    )
    return write(builder.build(), with_history=volume.with_history)
