"""The receiving office's inbox: verify and import communes' bundles, list what arrived.

Every bundle is verified completely (``app.bundle.verify_bundle``: structure,
sizes, every member's SHA-256 against the manifest, then data.json against the
schema) before anything is written; a rejected file never touches the
database. Import is idempotent on (bundle id, SHA-256 of the file). When a
newer revision of the same commune, plan and period arrives, the older one is
kept and marked as superseded by it (an older revision arriving late is stored
already superseded).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bundle import (
    FILE_SUFFIX,
    MAX_FILE_BYTES,
    BundleRejected,
    VerifiedBundle,
    verify_bundle,
)
from app.db import Database
from app.errors import AppError, NotFoundError
from app.models.submission import InboxBundle
from app.periods import SendingRule, parse_sending_rule, period_from_key, sending_deadline

log = logging.getLogger(__name__)

DEFAULT_RULE = "trước ngày 15 hằng tháng"
UNEXPECTED = (
    "Chương trình gặp lỗi không mong đợi khi nhập tệp này; chi tiết đã được ghi vào tệp nhật ký, "
    "hãy gửi tệp đó cho cán bộ kỹ thuật."
)


@dataclass(frozen=True, slots=True)
class InboxResult:
    status: Literal["imported", "duplicate"]
    bundle_id: str
    commune: str
    period: str
    revision: int
    inbox_id: int
    supersedes: int | None = None  #: the revision this one replaced
    superseded: bool = False  #: an older revision that arrived after a newer one


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file of a batch import: imported, duplicate or rejected (with the reason)."""

    file: str
    status: Literal["imported", "duplicate", "rejected"]
    bundle_id: str | None = None
    commune: str = ""
    period: str = ""
    error: str = ""
    code: str = ""

    def to_json(self) -> dict[str, Any]:
        if self.status == "rejected":
            return {
                "file": self.file,
                "status": self.status,
                "reason": self.error,
                "error": self.error,
                "code": self.code,
            }
        return {
            "file": self.file,
            "status": self.status,
            "bundle_id": self.bundle_id,
            "commune": self.commune,
            "period": self.period,
        }


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: int
    bundle_id: str
    commune: str
    province: str
    plan_number: str
    period_key: str
    period_label: str
    revision: int
    received_at: datetime
    packed_at: datetime | None
    current: bool
    deadline: date
    late: bool
    source_name: str
    summary: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "bundle_id": self.bundle_id,
            "commune": self.commune,
            "province": self.province,
            "plan_number": self.plan_number,
            "period": self.period_key,
            "revision": self.revision,
            "received_at": self.received_at.isoformat(timespec="seconds"),
            "current": self.current,
            "deadline": self.deadline.isoformat(),
            "late": self.late,
            "file": self.source_name,
        }


def _packed_at(manifest: dict[str, Any]) -> datetime:
    moment = datetime.fromisoformat(manifest["created_at"])
    return moment.astimezone(UTC).replace(tzinfo=None)


def _newer_key(row: InboxBundle) -> tuple[int, datetime, int]:
    return (row.revision, row.packed_at or datetime.min, row.id)


def _supersede(s: Session, row: InboxBundle) -> tuple[int | None, bool]:
    """Mark the older of *row* and the current bundle of its group; (replaced revision, row is older)."""
    others = s.scalars(
        select(InboxBundle).where(
            InboxBundle.id != row.id,
            InboxBundle.province == row.province,
            InboxBundle.commune == row.commune,
            InboxBundle.plan_number == row.plan_number,
            InboxBundle.period_key == row.period_key,
            InboxBundle.superseded_by_id.is_(None),
        )
    ).all()
    replaced: int | None = None
    for other in others:
        if _newer_key(other) < _newer_key(row):
            other.superseded_by_id = row.id
            replaced = other.revision
        else:
            row.superseded_by_id = other.id
    return replaced, row.superseded_by_id is not None


def _store(db: Database, v: VerifiedBundle, source_name: str) -> InboxResult:
    m = v.manifest
    commune, period = m["commune"]["name"], m["period"]["key"]
    with db.begin() as s:
        found = s.scalars(
            select(InboxBundle).where(
                InboxBundle.bundle_id == v.bundle_id, InboxBundle.sha256 == v.sha256
            )
        ).first()
        if found is not None:
            return InboxResult("duplicate", v.bundle_id, commune, period, found.revision, found.id)
        row = InboxBundle(
            bundle_id=v.bundle_id,
            sha256=v.sha256,
            commune=commune,
            province=m["commune"]["province"],
            plan_number=m["plan"]["number"],
            period_key=period,
            revision=m["revision"],
            source_name=source_name,
            manifest=json.dumps(m, ensure_ascii=False),
            data=json.dumps(v.data, ensure_ascii=False),
            pdf=v.pdf,
            xlsx=v.xlsx,
            packed_at=_packed_at(m),
        )
        s.add(row)
        s.flush()
        replaced, older = _supersede(s, row)
        s.flush()
        return InboxResult(
            "imported", v.bundle_id, commune, period, row.revision, row.id, replaced, older
        )


def _file_sha256(path: Path) -> str | None:
    """SHA-256 of a file under the bundle size cap; None when unreadable or too large."""
    digest = hashlib.sha256()
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _already_stored(db: Database, path: Path) -> InboxResult | None:
    """The stored bundle with exactly these bytes: verified when it was first imported."""
    sha = _file_sha256(path)
    if sha is None:
        return None
    with db.read() as s:
        row = s.scalars(select(InboxBundle).where(InboxBundle.sha256 == sha)).first()
        if row is None:
            return None
        return InboxResult(
            "duplicate", row.bundle_id, row.commune, row.period_key, row.revision, row.id
        )


def import_bundle(db: Database, path: Path) -> InboxResult:
    """Verify *path* completely, then store it (BundleRejected with the reason otherwise).

    A file whose bytes are already in the inbox is a duplicate at once: those
    exact bytes passed every check when they were first imported.
    """
    path = Path(path)
    known = _already_stored(db, path)
    if known is not None:
        return known
    verified = verify_bundle(path)
    return _store(db, verified, path.name)


def bundle_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, folders searched for ``.kh57`` files."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() == FILE_SUFFIX
                    and p.is_file()
                    and not p.name.startswith(".")
                )
            )
        else:
            out.append(path)
    return out


def _import_one(db: Database, path: Path) -> FileResult:
    try:
        r = import_bundle(db, path)
    except BundleRejected as exc:
        return FileResult(str(path), "rejected", error=exc.message, code=exc.code)
    except AppError as exc:
        return FileResult(str(path), "rejected", error=exc.message, code="error")
    except Exception:
        log.exception("Lỗi không mong đợi khi nhập gói %s", path)
        return FileResult(str(path), "rejected", error=UNEXPECTED, code="unexpected")
    return FileResult(str(path), r.status, r.bundle_id, r.commune, r.period)


def import_paths(db: Database, paths: Sequence[Path]) -> list[FileResult]:
    """Import many files and folders; a bad file never stops the others."""
    return [_import_one(db, path) for path in bundle_files(paths)]


def import_folder(db: Database, folder: Path) -> list[FileResult]:
    """Every ``.kh57`` file in *folder* and its subfolders, one result per file."""
    return import_paths(db, [folder])


def _summary(data_text: str) -> dict[str, int]:
    try:
        summary = json.loads(data_text).get("summary", {})
    except ValueError:
        return {}
    return {k: int(v) for k, v in summary.items() if isinstance(v, int)}


def list_inbox(db: Database, *, rule: SendingRule | None = None) -> list[InboxRow]:
    """Every received bundle, by commune then period (newest first), current ones marked."""
    rule = rule or parse_sending_rule(DEFAULT_RULE)
    with db.read() as s:
        rows = s.execute(
            select(
                InboxBundle.id,
                InboxBundle.bundle_id,
                InboxBundle.commune,
                InboxBundle.province,
                InboxBundle.plan_number,
                InboxBundle.period_key,
                InboxBundle.revision,
                InboxBundle.received_at,
                InboxBundle.packed_at,
                InboxBundle.superseded_by_id,
                InboxBundle.source_name,
                InboxBundle.data,
            ).order_by(InboxBundle.commune, InboxBundle.period_key.desc(), InboxBundle.id.desc())
        ).all()
    out = []
    for r in rows:
        period = period_from_key(r.period_key)
        deadline = sending_deadline(period, rule)
        received_local = r.received_at.replace(tzinfo=UTC).astimezone().date()
        out.append(
            InboxRow(
                id=r.id,
                bundle_id=r.bundle_id,
                commune=r.commune,
                province=r.province,
                plan_number=r.plan_number,
                period_key=r.period_key,
                period_label=period.label_vi,
                revision=r.revision,
                received_at=r.received_at,
                packed_at=r.packed_at,
                current=r.superseded_by_id is None,
                deadline=deadline,
                late=received_local > deadline,
                source_name=r.source_name,
                summary=_summary(r.data),
            )
        )
    return out


def inbox_document(db: Database, inbox_id: int, kind: Literal["pdf", "xlsx"] = "pdf") -> bytes:
    """The report's PDF (or Excel file) as the commune sent it."""
    with db.read() as s:
        row = s.get(InboxBundle, inbox_id)
        if row is None:
            raise NotFoundError(
                "Gói báo cáo này không còn trong hộp thư đến; hãy tải lại danh sách."
            )
        return row.pdf if kind == "pdf" else row.xlsx
