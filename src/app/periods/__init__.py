"""Report regimes and report periods (Nghị định 09/2019/NĐ-CP, Điều 12).

A report period has a *data window* (the days whose facts it reports) and a
*sending deadline* (the last day on which the report is on time).

Data windows (Art. 12):

* monthly ``2025-09`` — 15/08/2025 → 14/09/2025 ("Tháng 9/2025");
* quarterly ``2025-Q3`` — 15/06/2025 → 14/09/2025 ("Quý III/2025");
  Q1 runs from 15/12 of the previous year to 14/03;
* first half-year ``2025-H1`` — 15/12/2024 → 14/06/2025
  ("6 tháng đầu năm 2025");
* second half-year ``2025-H2`` — 15/06/2025 → 14/12/2025
  ("6 tháng cuối năm 2025"). The decree defines only the first six months
  (the annual report covers the rest); H2 exists so that the two halves tile
  the year and an officer asked for a "6 tháng cuối năm" report has one.
  :func:`periods_between` lists it only when asked to;
* yearly ``2025`` — 15/12/2024 → 14/12/2025 ("Năm 2025");
* ad hoc ``adhoc-20251001-20251015`` — any window the requester names.

Sending deadlines are set by whoever asks for the report, so they are a
:class:`SendingRule` per regime, read from the plan's words where possible
(:func:`parse_sending_rule`, :func:`parse_sending_rules`):

* "trước ngày 15 hằng tháng" is a *day-of-month* rule. Its deadline for a
  period is the first such day falling on or after the period's cut-off (a
  report cannot be sent before its data window closes): for ``2025-09``
  (cut-off 14/09) "trước ngày 15" gives 15/09/2025, "trước ngày 10" gives
  10/10/2025, "trước ngày 20" gives 20/09/2025. A day past the month's end
  is its last day (31 → 29/02/2028);
* "trước ngày 05/6" is a *fixed date* rule, taken in the year of the period's
  cut-off (one year later if that would fall before the window opens). Plans
  do ask units for their half-year and annual reports before the cut-off
  ("trước ngày 05/6", "trước ngày 01/12"), so the date is kept as written;
  29/02 falls on 28/02 in common years;
* the named day is the deadline itself ("trước ngày X", "chậm nhất ngày X"
  alike), as offices read it and as ``app.deadlines`` reads "Trước ngày
  15/10/2025" in task deadlines.

With no rule the deadline is the cut-off day itself (period end).

The package: ``model`` (kinds, :class:`ReportPeriod`, builders), ``keys``
(period keys and kind names), ``enumeration`` (listing and stepping),
``deadlines`` (sending rules, due dates) and ``reading`` (rules in words).
"""

from __future__ import annotations

from app.periods.deadlines import (
    SUBMISSION_LABELS,
    DueInfo,
    SendingRule,
    SubmissionState,
    due_status,
    sending_deadline,
    submission_state,
)
from app.periods.enumeration import (
    monthly_periods_in,
    next_period,
    period_containing,
    periods_between,
    previous_period,
    reference_month,
)
from app.periods.keys import parse_period_kind, period_from_key, period_words
from app.periods.model import (
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_KIND_LABELS,
    PERIOD_KINDS,
    PeriodKind,
    ReportPeriod,
    adhoc_period,
    half_year_period,
    month_period,
    quarter_period,
    year_period,
)
from app.periods.reading import parse_sending_rule, parse_sending_rules

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "PERIOD_KINDS",
    "PERIOD_KIND_LABELS",
    "SUBMISSION_LABELS",
    "DueInfo",
    "PeriodKind",
    "ReportPeriod",
    "SendingRule",
    "SubmissionState",
    "adhoc_period",
    "due_status",
    "half_year_period",
    "month_period",
    "monthly_periods_in",
    "next_period",
    "parse_period_kind",
    "parse_sending_rule",
    "parse_sending_rules",
    "period_containing",
    "period_from_key",
    "period_words",
    "periods_between",
    "previous_period",
    "quarter_period",
    "reference_month",
    "sending_deadline",
    "submission_state",
    "year_period",
]
