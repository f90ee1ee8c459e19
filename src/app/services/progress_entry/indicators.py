"""Each indicator's result and attainment in a period; heading rows."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.db import Database
from app.models import (
    Indicator,
    IndicatorGroup,
    IndicatorResult,
)
from app.periods import ReportPeriod, period_from_key
from app.progress import (
    attainment,
    milestone_year_for,
    percent_warning,
)
from app.services.progress_entry.rows import IndicatorResultRow
from app.targets import is_heading_indicator


def indicator_results(db: Database, plan_id: int, period_key: str) -> list[IndicatorResultRow]:
    period = period_from_key(period_key)
    with db.read() as s:
        groups = {
            g.id: g.label
            for g in s.scalars(select(IndicatorGroup).where(IndicatorGroup.plan_id == plan_id))
        }
        inds = s.scalars(
            select(Indicator)
            .where(Indicator.plan_id == plan_id)
            .order_by(Indicator.position)
            .options(selectinload(Indicator.targets))
        ).all()
        results: dict[int, list[IndicatorResult]] = {}
        for r in s.scalars(
            select(IndicatorResult)
            .join(Indicator, Indicator.id == IndicatorResult.indicator_id)
            .where(Indicator.plan_id == plan_id, IndicatorResult.period_end <= period.end)
            .order_by(IndicatorResult.period_end, IndicatorResult.updated_at)
        ):
            results.setdefault(r.indicator_id, []).append(r)
        return [_result_row(i, groups, results.get(i.id, []), period) for i in inds]


def _result_row(
    i: Indicator, groups: dict[int, str], history: list[IndicatorResult], period: ReportPeriod
) -> IndicatorResultRow:
    # the latest value inside the period's window (6-month and annual reports take the
    # last monthly value); earlier windows give the previous value shown beside it
    inside = [h for h in history if h.period_end >= period.start]
    current = inside[-1] if inside else None
    earlier = [h for h in history if h.period_end < period.start]
    previous = earlier[-1].actual_text if earlier else ""
    targets = {t.year: t for t in i.targets}
    year = milestone_year_for(period.year, targets)
    target = targets.get(year) if year is not None else None
    value = current.actual_value if current else None
    verdict = attainment(target.op if target else None, target.value if target else None, value)
    if verdict == "—" and current and current.judged:
        verdict = current.judged  # type: ignore[assignment]
    return IndicatorResultRow(
        indicator_id=i.id,
        code=i.code,
        group=groups.get(i.group_id) if i.group_id is not None else None,
        name=i.name,
        unit=i.unit_of_measure,
        target_year=year,
        target_text=target.text if target else "",
        target_op=target.op if target else None,
        target_value=target.value if target else None,
        actual_text=current.actual_text if current else "",
        actual_value=value,
        previous_text=previous,
        attainment=verdict if current else "—",
        source=current.source if current else "",
        note=current.note if current else "",
        warning=percent_warning(i.unit_of_measure, value),
        catalogue_code=i.catalogue_code,
    )


def heading_flags(rows: Sequence[IndicatorResultRow]) -> list[bool]:
    """For each row, whether it is a heading over the rows that follow (not an indicator)."""
    return [
        is_heading_indicator(
            r.code,
            bool(r.target_text) or r.target_value is not None,
            r.unit,
            rows[k + 1].code if k + 1 < len(rows) else None,
        )
        for k, r in enumerate(rows)
    ]


def measured_indicators(rows: Sequence[IndicatorResultRow]) -> list[IndicatorResultRow]:
    """The rows that are indicators to count and judge (headings left out)."""
    return [r for r, heading in zip(rows, heading_flags(rows), strict=True) if not heading]
