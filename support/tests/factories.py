import datetime as dt

import factory

from accounts.tests.factories import AgencyFactory
from registry.tests.factories import OrganizationFactory
from support.models import (
    Activity,
    ActivityKind,
    AllianceMembership,
    AllianceService,
    FundingSource,
    FundLoan,
    LoanInstallment,
    ServiceKind,
    SupportPolicy,
    SupportRecord,
    SupportType,
    Verification,
)


class SupportPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportPolicy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"chinh-sach-{n}")
    name = factory.Sequence(lambda n: f"Hỗ trợ đào tạo số {n}")
    legal_basis = "NQ 25/2021/NQ-HĐND"
    support_type = SupportType.TRAINING
    funding_source = FundingSource.PROVINCIAL
    valid_from = dt.date(2021, 1, 1)
    valid_to = dt.date(2025, 12, 31)
    verification = Verification.VERIFIED


class SupportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRecord

    organization = factory.SubFactory(OrganizationFactory)
    policy = factory.SubFactory(SupportPolicyFactory)
    agency = factory.SubFactory(AgencyFactory)
    supported_on = dt.date(2023, 5, 10)
    amount = 50_000_000


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = ActivityKind.TRAINING
    title = factory.Sequence(lambda n: f"Lớp tập huấn quản trị HTX số {n}")
    started_on = dt.date(2023, 6, 1)
    agency = factory.SubFactory(AgencyFactory)
    province = factory.LazyAttribute(lambda o: o.agency.province)
    participants = 60
    participants_managers = 20
    participants_members = 30
    participants_officials = 5


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMembership

    organization = factory.SubFactory(OrganizationFactory)
    joined_on = dt.date(2020, 1, 15)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceService

    organization = factory.SubFactory(OrganizationFactory)
    kind = ServiceKind.LEGAL
    provided_on = dt.date(2023, 3, 3)
    description = "Tư vấn sửa đổi điều lệ theo Luật HTX 2023"


class FundLoanFactory(factory.django.DjangoModelFactory):
    """A 300-million loan over 24 months, repaid in four half-yearly instalments of 75 million."""

    class Meta:
        model = FundLoan
        skip_postgeneration_save = True

    contract_no = factory.Sequence(lambda n: f"HĐ-{n:03d}/QHTX")
    borrower = factory.SubFactory(OrganizationFactory)
    principal = 300_000_000
    annual_rate = "6.00"
    term_months = 24
    disbursed_on = dt.date(2023, 1, 10)

    @factory.post_generation
    def with_schedule(self, create, extracted, **kwargs):
        if create and extracted is not False:
            for months in (6, 12, 18, 24):
                from support.models import add_months

                LoanInstallment.objects.create(
                    loan=self, due_on=add_months(self.disbursed_on, months), principal=self.principal // 4
                )
