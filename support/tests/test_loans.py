import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from support.loans import LoanStatus, equal_schedule, loan_position
from support.models import LoanRepayment
from support.tests.factories import FundLoanFactory


@settings(max_examples=200, deadline=None)
@given(
    principal=st.integers(min_value=1, max_value=20_000_000_000),
    rate=st.decimals(min_value=0, max_value=20, places=2),
    term=st.integers(min_value=1, max_value=120),
    every=st.sampled_from([1, 3, 6, 12]),
    day=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)),
)
def test_an_equal_schedule_always_repays_exactly_the_principal_within_the_term(principal, rate, term, every, day):
    rows = equal_schedule(principal=principal, annual_rate=rate, disbursed_on=day, term_months=term, every_months=every)
    assert sum(row.principal for row in rows) == principal
    assert all(row.principal >= 0 and row.interest >= 0 for row in rows)
    assert all(day < row.due_on for row in rows)
    assert [row.due_on for row in rows] == sorted({row.due_on for row in rows})


def test_interest_is_charged_on_the_declining_balance():
    rows = equal_schedule(
        principal=120_000_000, annual_rate=Decimal("12"), disbursed_on=dt.date(2024, 1, 1), term_months=12, every_months=6
    )
    assert [(r.due_on, r.principal, r.interest) for r in rows] == [
        (dt.date(2024, 7, 1), 60_000_000, 7_200_000),
        (dt.date(2025, 1, 1), 60_000_000, 3_600_000),
    ]


def test_a_position_is_computed_at_any_date(personas):
    loan = FundLoanFactory(borrower=personas.organization)  # 300 M, 75 M due 10/7/2023, 10/1/2024, 10/7/2024, 10/1/2025
    LoanRepayment.objects.create(loan=loan, paid_on=dt.date(2023, 7, 5), principal=75_000_000)
    assert loan_position(loan, dt.date(2023, 1, 1)).status == LoanStatus.NOT_DISBURSED
    on_time = loan_position(loan, dt.date(2023, 12, 31))
    assert (on_time.outstanding, on_time.overdue_principal, on_time.status) == (225_000_000, 0, LoanStatus.CURRENT)
    # The due date itself is not yet overdue; the day after is.
    assert loan_position(loan, dt.date(2024, 1, 10)).overdue_principal == 0
    late = loan_position(loan, dt.date(2024, 2, 9))
    assert (late.overdue_principal, late.overdue_since, late.days_overdue) == (75_000_000, dt.date(2024, 1, 10), 30)
    LoanRepayment.objects.create(loan=loan, paid_on=dt.date(2024, 3, 1), principal=225_000_000)
    assert loan_position(loan, dt.date(2024, 2, 9)).overdue_principal == 75_000_000  # a later payment does not rewrite the past
    assert loan_position(loan, dt.date(2024, 3, 1)).status == LoanStatus.SETTLED
