"""Plan import: preview what a file holds, then write it in one transaction.

Reading is ``app.importing`` (no database). This module turns a ``ParsedPlan``
into rows: deadlines and targets parsed, units recognised or created, and a
re-import of the same plan updates it in place (matched by numbering) and
reports what changed.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalogue import catalogue_entry
from app.db import Database
from app.deadlines import Deadline, parse_deadline
from app.errors import ValidationError
from app.importing import ColumnMapping, ParsedPlan, read_plan_file
from app.models import Plan, Unit
from app.services import Changes
from app.services.plan_import_write import (
    CatalogueOverrides,
    catalogue_choice,
    task_key,
    write_plan_rows,
)
from app.services.plans import load_whole_plan
from app.targets import parse_target
from app.vntext import clean_cell, split_units, unit_key


@dataclass(frozen=True, slots=True)
class UnitPreview:
    name: str
    known: bool
    suggestion: str | None = None  # an existing unit this new name may be


class CatalogueLink(NamedTuple):
    """An indicator's link to the standard catalogue, as the preview shows it."""

    code: str  #: numbering as printed, e.g. "1.2"
    name: str
    catalogue_code: str | None
    catalogue_name: str | None
    manual: bool = False  #: the officer chose this link earlier; a re-import keeps it


@dataclass(frozen=True, slots=True)
class ImportPreview:
    source: str
    commune: str
    title: str
    number: str
    indicators: int
    tasks: int
    indicator_groups: list[str]
    task_groups: list[str]
    units: list[UnitPreview]
    warnings: list[str]
    existing_plan_id: int | None
    changes: list[str] = field(default_factory=list)
    catalogue_links: list[CatalogueLink] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportResult:
    plan_id: int
    indicators: int
    tasks: int
    warnings: list[str]
    updated: bool
    changes: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "indicators": self.indicators,
            "tasks": self.tasks,
            "warnings": self.warnings,
            "updated": self.updated,
            "changes": self.changes,
        }


def _parse_deadlines(parsed: ParsedPlan) -> dict[str, Deadline]:
    """Each distinct deadline text of the tasks, parsed once (thousands of rows share a few)."""
    return {text: parse_deadline(text) for text in {t.deadline for t in parsed.tasks}}


def _warnings(parsed: ParsedPlan, deadlines: dict[str, Deadline] | None = None) -> list[str]:
    if deadlines is None:
        deadlines = _parse_deadlines(parsed)
    out = []
    if parsed.header is None or not parsed.header.number:
        out.append(
            "Tệp không ghi số, ký hiệu và trích yếu của kế hoạch; sau khi nhập hãy bấm "
            "“Sửa thông tin…” ở màn hình Kế hoạch để ghi (cần có số kế hoạch để gửi báo cáo)."
        )
    for w in parsed.warnings:
        where = f"{w.sheet}, dòng {w.row}" if w.row is not None else w.sheet
        out.append(f"{where}: {w.message}")
    for t in parsed.tasks:
        if t.deadline and deadlines[t.deadline].kind == "unknown":
            out.append(
                f"{t.source_sheet}, dòng {t.source_row}: không đọc được thời hạn “{t.deadline}” "
                f"của nhiệm vụ {t.number}; thời hạn được giữ nguyên chữ, hãy kiểm tra."
            )
    for i in parsed.indicators:
        for year, text in i.targets.items():
            tgt = parse_target(text)
            if text and tgt.op is None and any(ch.isdigit() for ch in text):
                out.append(
                    f"{i.source_sheet}, dòng {i.source_row}: mục tiêu năm {year} “{text}” của chỉ "
                    f"tiêu {i.code} không đọc được thành số; được giữ nguyên chữ."
                )
    return out


def default_title(commune: str) -> str:
    """The usual title of a Resolution 57 plan, until the officer types the real one."""
    where = f" xã {commune}" if commune else ""
    return "Kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số" + where


def _identity(parsed: ParsedPlan, path: Path, commune: str | None) -> tuple[str, str, str]:
    header = parsed.header
    number = clean_cell(header.number) if header and header.number else ""
    title = clean_cell(header.title) if header and header.title else ""
    name = clean_cell(commune or (header.commune if header and header.commune else "") or "")
    if not title:
        title = default_title(name)
    return number, title, name


def _find_existing(s: Session, *, number: str, commune: str, source: str) -> Plan | None:
    query = select(Plan).where(Plan.commune == commune)
    if number:
        query = query.where(Plan.number == number)
    else:
        query = query.where(Plan.source_file == source)
    return s.scalars(query.order_by(Plan.id)).first()


def _unit_names(parsed: ParsedPlan) -> list[str]:
    names: list[str] = []
    cells = [t.lead for t in parsed.tasks] + [t.cooperating for t in parsed.tasks]
    cells += [i.lead for i in parsed.indicators] + [i.cooperating for i in parsed.indicators]
    for cell in dict.fromkeys(cells):  # a repeated cell names no new unit
        for name in split_units(cell):
            if name and name not in names:
                names.append(name)
    return names


def _unit_previews(s: Session, names: list[str]) -> list[UnitPreview]:
    existing = {u.key: u.name for u in s.scalars(select(Unit))}
    out = []
    for name in names:
        key = unit_key(name)
        if key in existing:
            out.append(UnitPreview(name, True))
            continue
        close = difflib.get_close_matches(key, list(existing), n=1, cutoff=0.85)
        out.append(UnitPreview(name, False, existing[close[0]] if close else None))
    return out


def preview_import(
    db: Database,
    path: Path,
    *,
    commune: str | None = None,
    mappings: dict[str, ColumnMapping] | None = None,
) -> ImportPreview:
    """Read *path* and describe what importing it would do; writes nothing."""
    parsed = read_plan_file(path, mappings=mappings)
    number, title, name = _identity(parsed, path, commune)
    with db.read() as s:
        existing = _existing_plan(s, number, name, path.name, parsed)
        changes = _diff(existing, parsed) if existing else []
        return ImportPreview(
            source=path.name,
            commune=name,
            title=title,
            number=number,
            indicators=len(parsed.indicators),
            tasks=len(parsed.tasks),
            indicator_groups=[f"{g.label}. {g.title}" for g in parsed.indicator_groups],
            task_groups=[f"{g.label}. {g.title}" for g in parsed.task_groups],
            units=_unit_previews(s, _unit_names(parsed)),
            warnings=_warnings(parsed),
            existing_plan_id=existing.id if existing else None,
            changes=changes,
            catalogue_links=_catalogue_links(existing, parsed),
        )


def _catalogue_links(plan: Plan | None, parsed: ParsedPlan) -> list[CatalogueLink]:
    old = {i.code: i for i in plan.indicators} if plan is not None else {}
    out = []
    for pi in parsed.indicators:
        code, manual = catalogue_choice(old.get(pi.code), pi, {})
        entry = catalogue_entry(code)
        out.append(CatalogueLink(pi.code, pi.name, code, entry.name if entry else None, manual))
    return out


def _diff(plan: Plan, parsed: ParsedPlan) -> list[str]:
    """What a re-import changes, in the officer's words."""
    out: list[str] = []
    groups = {g.id: g.label for g in plan.task_groups}
    old_tasks = {task_key(groups.get(t.group_id or -1), t.number): t for t in plan.tasks}
    new_keys = set()
    for t in parsed.tasks:
        key = task_key(t.group, t.number)
        new_keys.add(key)
        old = old_tasks.get(key)
        if old is None:
            out.append(f"Thêm nhiệm vụ {t.number}: {t.name}")
        elif (
            old.name,
            old.lead_text,
            old.cooperating_text,
            old.result_text,
            old.deadline_text,
        ) != (t.name, t.lead, t.cooperating, t.result, t.deadline):
            out.append(f"Sửa nhiệm vụ {t.number}: {t.name}")
    out += [f"Bỏ nhiệm vụ {k[1]}: {v.name}" for k, v in old_tasks.items() if k not in new_keys]
    old_inds = {i.code: i for i in plan.indicators}
    new_codes = set()
    for i in parsed.indicators:
        new_codes.add(i.code)
        oi = old_inds.get(i.code)
        if oi is None:
            out.append(f"Thêm chỉ tiêu {i.code}: {i.name}")
        elif (oi.name, oi.unit_of_measure, {str(t.year): t.text for t in oi.targets}) != (
            i.name,
            i.unit,
            dict(i.targets),
        ):
            out.append(f"Sửa chỉ tiêu {i.code}: {i.name}")
    out += [f"Bỏ chỉ tiêu {c}: {v.name}" for c, v in old_inds.items() if c not in new_codes]
    return out


def import_plan_file(
    db: Database,
    path: Path,
    *,
    commune: str | None = None,
    mappings: dict[str, ColumnMapping] | None = None,
    catalogue_overrides: CatalogueOverrides | None = None,
) -> ImportResult:
    """Read *path* and write it as one plan (or update the same plan) atomically.

    *catalogue_overrides* (indicator numbering → catalogue code, None for "not
    standard") are the officer's choices in the preview: stored as manual links,
    which later re-imports keep.
    """
    from app.backup import make_backup
    from app.services.commune import get_profile

    overrides = _checked_overrides(catalogue_overrides or {})
    parsed = read_plan_file(path, mappings=mappings)
    if commune is None and not (parsed.header and parsed.header.commune):
        profile = get_profile(db)
        commune = profile.name if profile else None
    number, title, name = _identity(parsed, path, commune)
    deadlines = _parse_deadlines(parsed)
    warnings = _warnings(parsed, deadlines)
    make_backup(db.path, reason="import")
    with db.begin() as s:
        plan = load_whole_plan(s, _existing_id(s, number, name, path.name, parsed))
        updated = plan is not None
        changes = _diff(plan, parsed) if plan is not None else []
        if plan is None:
            plan = Plan(number=number, title=title, commune=name, source_file=path.name)
            s.add(plan)
        _apply_header(plan, parsed, deadlines)
        write_plan_rows(s, plan, parsed, deadlines, overrides)
        return ImportResult(
            plan_id=plan.id,
            indicators=len(parsed.indicators),
            tasks=len(parsed.tasks),
            warnings=warnings,
            updated=updated,
            changes=changes,
        )


def _checked_overrides(overrides: CatalogueOverrides) -> dict[str, str | None]:
    for code in overrides.values():
        if code is not None and catalogue_entry(code) is None:
            raise ValidationError(
                f"Mã “{code}” không có trong danh mục chỉ tiêu dùng chung; hãy chọn một mã "
                "trong danh sách.",
                field="catalogue_code",
            )
    return dict(overrides)


def _existing_plan(
    s: Session, number: str, commune: str, source: str, parsed: ParsedPlan
) -> Plan | None:
    """The plan this file updates: same number (or, without one, same file name), or the
    plan a KH57-exported workbook came from (its identifier names the plan's source)."""
    existing = _find_existing(s, number=number, commune=commune, source=source)
    origin = parsed.header.source if parsed.header else None
    if existing is None and not number and origin:
        existing = _find_existing(s, number="", commune=commune, source=origin)
    return existing


def _existing_id(s: Session, number: str, commune: str, source: str, parsed: ParsedPlan) -> int:
    existing = _existing_plan(s, number, commune, source, parsed)
    return existing.id if existing else -1


def _apply_header(plan: Plan, parsed: ParsedPlan, deadlines: dict[str, Deadline]) -> None:
    header = parsed.header
    years = {int(y) for i in parsed.indicators for y in i.targets if y.isdigit()}
    for d in deadlines.values():  # deadlines say when the work starts ("Tháng 7/2025")
        years.update(x.year for x in (d.start, d.due) if x is not None)
    if header is not None and header.issue_date:
        years.add(header.issue_date.year)
    if years:
        plan.start_year = plan.start_year or min(years)
        plan.end_year = plan.end_year or max(years)
    if header is None:
        return
    if header.issue_date:
        plan.issue_date = header.issue_date
    if header.legal_bases:
        plan.legal_bases = list(header.legal_bases)


IMPORT_CHANGES = Changes(plans=True, tasks=True, indicators=True, units=True)
