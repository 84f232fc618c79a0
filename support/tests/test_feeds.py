import datetime as dt
from decimal import Decimal

from indicators import hooks as indicators_hooks
from programs import hooks as programs_hooks
from programs.tests.factories import TaskFactory
from registry import hooks as registry_hooks
from registry.models import OrganizationKind
from support.feeds import period_bounds
from support.models import LoanRepayment
from support.tests.factories import ActivityFactory, FundLoanFactory, MembershipFactory, SupportRecordFactory


class FakeScope:
    """The part of indicators.scope.Scope the computations use: a current province."""

    def __init__(self, province):
        self.unit, self.level, self.is_legacy = province, "province", False

    def organization_q(self, prefix=""):
        from django.db.models import Q

        return Q(**{f"{prefix}province_id": self.unit.pk})

    def unit_q(self, prefix=""):
        from django.db.models import Q

        return Q(**{f"{prefix}province_id": self.unit.pk})


def test_period_keys_become_date_ranges():
    assert period_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period_bounds("2024-Q2") == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert period_bounds("2024-Q4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert period_bounds("nonsense") is None


def test_linked_records_and_activities_are_evidence_of_their_task_in_the_period(personas, policy):
    task = TaskFactory()
    SupportRecordFactory(organization=personas.organization, policy=policy, task=task, supported_on=dt.date(2023, 5, 10))
    SupportRecordFactory(organization=personas.organization, policy=policy, task=task, supported_on=dt.date(2024, 5, 10))
    SupportRecordFactory(organization=personas.organization, policy=policy, supported_on=dt.date(2023, 6, 1))  # not linked
    ActivityFactory(
        agency=personas.commune_officer.agency, province=personas.geo.province, task=task, started_on=dt.date(2023, 9, 1)
    )
    evidence = programs_hooks.task_evidence.collect(task=task, period="2023", user=personas.province_officer)
    assert [item.day for item in evidence] == [dt.date(2023, 5, 10), dt.date(2023, 9, 1)]
    assert evidence[0].url.startswith("/ho-tro/ban-ghi/") and "50.000.000 đồng" in evidence[0].detail
    # A document the system builds on its own (no user) shows all of it.
    assert len(programs_hooks.task_evidence.collect(task=task, period="2023", user=None)) == 2
    # Scoped like everything else: the other commune's officer sees none of it.
    assert programs_hooks.task_evidence.collect(task=task, period="2023", user=personas.other_commune_officer) == []


def test_the_organization_page_panel_lists_what_it_received(personas, policy):
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=12_000_000)
    MembershipFactory(organization=personas.organization)
    FundLoanFactory(borrower=personas.organization, contract_no="HĐ-99")
    panels = dict(registry_hooks.organization_panels.collect(organization=personas.organization, user=personas.cooperative))
    html = panels["Hỗ trợ đã nhận"]
    assert "12.000.000" in html and "HĐ-99" in html and "Thành viên Liên minh HTX từ 15/01/2020" in html
    others = dict(registry_hooks.organization_panels.collect(organization=personas.organization, user=personas.other_cooperative))
    assert "Hỗ trợ đã nhận" not in others


def test_the_computations_feed_the_indicator_catalogue(personas, policy):
    computations = {}
    for contributed in indicators_hooks.computations.collect():
        computations.update(contributed)
    scope = FakeScope(personas.geo.province)
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=12_500_000, supported_on=dt.date(2023, 5, 1))
    SupportRecordFactory(organization=personas.organization, policy=policy, amount=7_500_000, supported_on=dt.date(2023, 8, 1))
    SupportRecordFactory(
        organization=personas.outside_organization, policy=policy, amount=99_000_000, supported_on=dt.date(2023, 8, 1)
    )
    rows = computations["support_amount"](years=[2023], scope=scope, breakdowns=[], params={"support_type": "dao_tao"})
    assert rows == [{"year": 2023, "value": Decimal(20), "n": 1}]
    supported = computations["support_organizations"](
        years=[2023, 2024], scope=scope, breakdowns=["commune"], params={"kind": OrganizationKind.COOPERATIVE}
    )
    assert supported == [{"year": 2023, "commune": personas.geo.commune_a.pk, "value": 1, "n": 1}]

    ActivityFactory(
        agency=personas.commune_officer.agency,
        province=personas.geo.province,
        participants=40,
        participants_members=10,
        started_on=dt.date(2023, 4, 1),
    )
    ActivityFactory(agency=personas.commune_officer.agency, province=personas.geo.province, participants=100, kind="hoi_nghi")
    assert computations["support_people_trained"](years=[2023], scope=scope, breakdowns=[], params={}) == [
        {"year": 2023, "value": 40, "n": None}
    ]

    loan = FundLoanFactory(borrower=personas.organization)
    LoanRepayment.objects.create(loan=loan, paid_on=dt.date(2023, 7, 1), principal=75_000_000)
    outstanding = computations["support_fund_outstanding"](years=[2022, 2023], scope=scope, breakdowns=[], params={})
    assert outstanding == [{"year": 2023, "value": Decimal(225), "n": 1}]
    overdue = computations["support_fund_overdue"](years=[2024], scope=scope, breakdowns=["kind"], params={})
    # At 31/12/2024 the instalments of 10/01/2024 and 10/07/2024 are due and unpaid.
    assert overdue == [{"year": 2024, "kind": "htx", "value": Decimal(150), "n": 1}]
