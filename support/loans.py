"""Loans of the cooperative development fund: schedules, and positions (outstanding, overdue) at a date.

Positions are computed, never stored: a repayment entered late, or a question about last
year's end, gives the right answer because everything is derived from the schedule and the
repayments dated on or before the day asked about.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from support.models import FundLoan, LoanInstallment, LoanRepayment, add_months


class LoanStatus:
    NOT_DISBURSED = "not_disbursed"
    CURRENT = "current"
    OVERDUE = "overdue"
    SETTLED = "settled"

    LABELS = {
        NOT_DISBURSED: gettext_lazy("Chưa giải ngân"),
        CURRENT: gettext_lazy("Trong hạn"),
        OVERDUE: gettext_lazy("Quá hạn"),
        SETTLED: gettext_lazy("Đã tất toán"),
    }


@dataclass(frozen=True)
class ScheduleRow:
    due_on: dt.date
    principal: int
    interest: int = 0


@dataclass(frozen=True)
class LoanPosition:
    day: dt.date
    principal: int
    principal_paid: int
    interest_paid: int
    outstanding: int
    principal_due: int  # principal of the installments due before `day`
    overdue_principal: int
    overdue_since: dt.date | None

    @property
    def status(self) -> str:
        if self.principal == 0:
            return LoanStatus.NOT_DISBURSED
        if self.outstanding <= 0:
            return LoanStatus.SETTLED
        return LoanStatus.OVERDUE if self.overdue_principal > 0 else LoanStatus.CURRENT

    @property
    def status_label(self) -> str:
        return str(LoanStatus.LABELS[self.status])

    @property
    def days_overdue(self) -> int:
        return (self.day - self.overdue_since).days if self.overdue_since else 0


def equal_schedule(
    *, principal: int, annual_rate: Decimal, disbursed_on: dt.date, term_months: int, every_months: int = 3
) -> list[ScheduleRow]:
    """Equal principal instalments every `every_months` months, interest on the declining balance.

    The last instalment takes the rounding remainder so that the rows add up to the principal.
    """
    every_months = max(1, min(every_months, term_months))
    periods = max(1, -(-term_months // every_months))
    share = principal // periods
    rows, balance = [], principal
    for number in range(1, periods + 1):
        months = min(number * every_months, term_months)
        previous = min((number - 1) * every_months, term_months)
        part = balance if number == periods else share
        interest = Decimal(balance) * Decimal(annual_rate) / 100 * Decimal(months - previous) / 12
        rows.append(
            ScheduleRow(add_months(disbursed_on, months), part, int(interest.quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        )
        balance -= part
    return rows


def validate_schedule(*, principal: int, disbursed_on: dt.date, term_months: int, rows: list[ScheduleRow]) -> None:
    """The schedule must repay exactly the principal, after disbursement and within the term."""
    if not rows:
        raise ValidationError({"schedule": _("Chưa có lịch trả nợ: cần ít nhất một kỳ trả.")})
    errors = []
    maturity = add_months(disbursed_on, term_months)
    seen = set()
    for number, row in enumerate(rows, start=1):
        if row.principal < 0 or row.interest < 0:
            errors.append(_("Kỳ %(n)s: số tiền không được âm.") % {"n": number})
        if row.due_on <= disbursed_on:
            errors.append(
                _("Kỳ %(n)s: hạn trả %(due)s phải sau ngày giải ngân %(day)s.")
                % {"n": number, "due": row.due_on.strftime("%d/%m/%Y"), "day": disbursed_on.strftime("%d/%m/%Y")}
            )
        if row.due_on > maturity:
            errors.append(
                _("Kỳ %(n)s: hạn trả %(due)s vượt quá thời hạn vay (đến %(end)s).")
                % {"n": number, "due": row.due_on.strftime("%d/%m/%Y"), "end": maturity.strftime("%d/%m/%Y")}
            )
        if row.due_on in seen:
            errors.append(_("Kỳ %(n)s: trùng hạn trả với một kỳ khác.") % {"n": number})
        seen.add(row.due_on)
    total = sum(row.principal for row in rows)
    if total != principal:
        errors.append(
            _("Tổng tiền gốc của lịch trả nợ (%(total)s đồng) phải bằng số tiền vay (%(principal)s đồng).")
            % {"total": f"{total:,}".replace(",", "."), "principal": f"{principal:,}".replace(",", ".")}
        )
    if errors:
        raise ValidationError({"schedule": errors})


def _position(
    loan_principal: int, disbursed: bool, day: dt.date, installments, paid_principal: int, paid_interest: int
) -> LoanPosition:
    principal = loan_principal if disbursed else 0
    due = 0
    overdue_since = None
    for due_on, part in installments:  # sorted by due date
        if due_on >= day:
            break
        due += part
        if overdue_since is None and due > paid_principal:
            overdue_since = due_on
    overdue = max(0, due - paid_principal) if disbursed else 0
    return LoanPosition(
        day=day,
        principal=principal,
        principal_paid=paid_principal,
        interest_paid=paid_interest,
        outstanding=max(0, principal - paid_principal),
        principal_due=due,
        overdue_principal=overdue,
        overdue_since=overdue_since if overdue else None,
    )


def loan_position(loan: FundLoan, day: dt.date) -> LoanPosition:
    installments = [(row.due_on, row.principal) for row in sorted(loan.schedule.all(), key=lambda r: r.due_on)]
    paid = [r for r in loan.repayments.all() if r.paid_on <= day]
    return _position(
        loan.principal,
        loan.disbursed_on <= day,
        day,
        installments,
        sum(r.principal for r in paid),
        sum(r.interest for r in paid),
    )


def loan_positions(loans, day: dt.date) -> dict[int, LoanPosition]:
    """Positions of many loans with three grouped queries (lists of hundreds of loans)."""
    loans = list(loans)
    ids = [loan.pk for loan in loans]
    installments: dict[int, list] = defaultdict(list)
    for loan_id, due_on, principal in (
        LoanInstallment.objects.filter(loan_id__in=ids, due_on__lt=day)
        .order_by("loan_id", "due_on")
        .values_list("loan_id", "due_on", "principal")
    ):
        installments[loan_id].append((due_on, principal))
    paid = {
        row["loan_id"]: row
        for row in LoanRepayment.objects.filter(loan_id__in=ids, paid_on__lte=day)
        .values("loan_id")
        .annotate(principal=Sum("principal"), interest=Sum("interest"))
    }
    return {
        loan.pk: _position(
            loan.principal,
            loan.disbursed_on <= day,
            day,
            installments[loan.pk],
            (paid.get(loan.pk) or {}).get("principal") or 0,
            (paid.get(loan.pk) or {}).get("interest") or 0,
        )
        for loan in loans
    }


@dataclass(frozen=True)
class FundTotals:
    day: dt.date
    loans: int
    disbursed: int
    outstanding: int
    overdue: int
    overdue_loans: int

    @property
    def overdue_share(self) -> float | None:
        return self.overdue / self.outstanding if self.outstanding else None


def fund_totals(loans, day: dt.date) -> FundTotals:
    loans = [loan for loan in loans if loan.disbursed_on <= day]
    positions = loan_positions(loans, day).values()
    return FundTotals(
        day=day,
        loans=sum(1 for p in positions if p.outstanding > 0),
        disbursed=sum(p.principal for p in positions),
        outstanding=sum(p.outstanding for p in positions),
        overdue=sum(p.overdue_principal for p in positions),
        overdue_loans=sum(1 for p in positions if p.overdue_principal > 0),
    )
