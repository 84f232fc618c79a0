import datetime as dt

import factory

from registry.models import AnnualReport, Field, Member, Organization, OrganizationKind, Status, StatusEvent


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An operating HTX. Pass `commune=` (a current commune); the province follows from it."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = OrganizationKind.COOPERATIVE
    registration_code = factory.Sequence(lambda n: f"{4000000000 + n}")
    name = factory.Sequence(lambda n: f"Hợp tác xã Dịch vụ Nông nghiệp số {n}")
    field = Field.AGRICULTURE
    founded_on = dt.date(2015, 3, 1)
    registered_on = dt.date(2015, 3, 1)
    current_status = Status.OPERATING

    @factory.post_generation
    def with_status(self, create, extracted, **kwargs):
        if create and extracted is not False and not self.status_events.exists():
            StatusEvent.objects.create(
                organization=self, status=Status.OPERATING, effective_on=self.founded_on or dt.date(2015, 1, 1)
            )


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    kind = Member.Kind.OFFICIAL
    joined_on = dt.date(2016, 1, 1)


class AnnualReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReport
        django_get_or_create = ("organization", "year")

    organization = factory.SubFactory(OrganizationFactory)
    year = 2024
    members_official = 60
    members_associate = 5
    new_members = 4
    regular_workers = 12
    revenue = 2_500_000_000
    revenue_from_members = 1_200_000_000
    pre_tax_profit = 150_000_000
    total_capital = 1_800_000_000
    indivisible_assets = 400_000_000
    average_worker_income = 6_500_000
