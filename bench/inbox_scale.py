"""Inbox scale bench (issue 6): pack and verify bundles, import 1,000 of them.

Run: .venv/bin/python bench/inbox_scale.py [--communes 100] [--periods 10] [--json]
         [--pg postgresql+psycopg://kh57:kh57@127.0.0.1/kh57_bench]

Measures, printing figures (no asserts):

* one real monthly bundle: a sample plan is imported into a scratch database,
  a September report compiled, then the report's PDF + Excel rendered and
  packed (``make_bundle``); ``pack_bundle`` and ``verify_bundle`` timed alone
  on the same inputs;
* making COMMUNES × PERIODS valid bundles quickly: data.json dicts built
  directly (shape of ``tests/data/bundle/report-data.example.json``, catalogue
  indicators) reusing ONE real PDF and Excel payload, packed with
  ``app.bundle.pack_bundle`` on all cores;
* importing every bundle into one fresh receiving SQLite database with
  ``app.services.inbox.import_folder`` (aim: < 60 s for 1,000), then again
  (all duplicates), then listing the inbox;
* with ``--pg URL`` (or ``KH57_BENCH_PG``), the same import into PostgreSQL
  with the same models and Alembic migrations. The schema ``public`` of that
  database is DROPPED and recreated: give it a scratch database. Needs
  ``psycopg`` in the venv (bench only, not a dependency of KH57). On Debian::

      apt-get install -y postgresql && pg_ctlcluster 15 main start
      su postgres -c "psql -c \"CREATE ROLE kh57 LOGIN PASSWORD 'kh57'\""
      su postgres -c "createdb -O kh57 kh57_bench"
      .venv/bin/pip install "psycopg[binary]"
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "data" / "bundle" / "report-data.example.json"
SAMPLE_PLAN = ROOT / "tests" / "data" / "samples" / "tam-chung.xlsx"
CATALOGUE = ROOT / "resources" / "catalogue" / "indicators.json"
AIM_IMPORT_S = 60.0
VN = timezone(timedelta(hours=7))
T = TypeVar("T")

PROVINCES = ("Thanh Hoá", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Sơn La")
FIRST = ("Tam", "Đồng", "Xuân", "Thạch", "Hoằng", "Quảng", "Yên", "Thiệu", "Vĩnh", "Nga")
SECOND = ("Chung", "Tâm", "Lập", "Bình", "Sơn", "Phú", "Hưng", "Thịnh", "Lộc", "Hải")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


# --------------------------------------------------------------------------- one real bundle


def real_bundle(folder: Path) -> dict[str, Any]:
    """A real monthly report's bundle (and its PDF/Excel payload) with timings."""
    from app.bundle import pack_bundle, verify_bundle
    from app.db import open_database
    from app.models import Plan
    from app.services.commune import ProfileData, save_profile
    from app.services.plan_import import import_plan_file
    from app.services.reports import compile_report
    from app.services.submission import make_bundle

    db = open_database(folder / "commune.sqlite3", backup_before_migrate=False)
    try:
        plan_id = import_plan_file(db, SAMPLE_PLAN, commune="Tam Chung").plan_id
        save_profile(db, ProfileData(name="Tam Chung", province="Thanh Hoá"))
        with db.begin() as s:
            plan = s.get(Plan, plan_id)
            assert plan is not None
            plan.number = "112/KH-UBND"
        report_id = compile_report(db, plan_id=plan_id, period_key="2025-09").report_id
        packed, make_s = _timed(lambda: make_bundle(db, report_id))
    finally:
        db.close()
    verified = verify_bundle(packed.content)
    created = datetime.fromisoformat(verified.manifest["created_at"])
    packs, verifies = [], []
    for _ in range(5):
        again, seconds = _timed(
            lambda: pack_bundle(
                data=verified.data,
                pdf=verified.pdf,
                xlsx=verified.xlsx,
                app_version="bench",
                created_at=created,
            )
        )
        packs.append(seconds)
        content = again.content
        _v, seconds = _timed(lambda: verify_bundle(content))  # noqa: B023 (called at once)
        verifies.append(seconds)
    return {
        "pdf": verified.pdf,
        "xlsx": verified.xlsx,
        "figures": {
            "bundle_bytes": len(packed.content),
            "pdf_bytes": len(verified.pdf),
            "xlsx_bytes": len(verified.xlsx),
            "data_json_bytes": verified.manifest["members"]["data.json"]["size"],
            "tasks": len(verified.data["tasks"]),
            "indicators": len(verified.data["indicators"]),
            "make_bundle_ms": round(make_s * 1000, 1),
            "pack_ms_median": round(statistics.median(packs) * 1000, 1),
            "verify_ms_median": round(statistics.median(verifies) * 1000, 1),
        },
    }


def fallback_payload() -> tuple[bytes, bytes]:
    """A tiny PDF and Excel file, when the real report cannot be made (services changing)."""
    import io

    from openpyxl import Workbook
    from reportlab.pdfgen import canvas

    pdf = io.BytesIO()
    page = canvas.Canvas(pdf)
    page.drawString(72, 720, "Bao cao thang - KH57 bench")
    page.save()
    xlsx = io.BytesIO()
    book = Workbook()
    book.active.append(["STT", "Nhiệm vụ", "Tiến độ"])  # type: ignore[union-attr]
    book.save(xlsx)
    return pdf.getvalue(), xlsx.getvalue()


# --------------------------------------------------------------------------- many bundles


def commune_names(count: int) -> list[tuple[str, str]]:
    """*count* distinct (commune, province) pairs with Vietnamese names."""
    out: list[tuple[str, str]] = []
    for i in range(count):
        first, second = FIRST[i % len(FIRST)], SECOND[(i // len(FIRST)) % len(SECOND)]
        suffix = "" if i < len(FIRST) * len(SECOND) else f" {i // 100 + 1}"
        out.append((f"{first} {second}{suffix}", PROVINCES[i % len(PROVINCES)]))
    return out


def _catalogue(limit: int = 12) -> list[dict[str, Any]]:
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))["indicators"]
    return [e for e in entries if e.get("unit") == "%"][:limit]


def make_data(
    template: dict[str, Any],
    catalogue: list[dict[str, Any]],
    commune: str,
    province: str,
    c: int,
    period_key: str,
) -> dict[str, Any]:
    """A valid data.json dict: the example's shape, this commune's names and numbers."""
    from app.bundle import summarize
    from app.periods import period_from_key

    period = period_from_key(period_key)
    data = copy.deepcopy(template)
    data["commune"] = {"name": commune, "province": province, "code": f"{10000 + c}"}
    data["plan"]["number"] = f"{100 + c}/KH-UBND"
    data["plan"]["title"] = (
        "Kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số "
        f"xã {commune}, năm 2025"
    )
    data["period"] = {
        "key": period.key,
        "kind": "monthly",
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "year": period.year,
    }
    issued = period.end + timedelta(days=2)
    data["report"]["number"] = f"{period.index * 10 + c % 10}/BC-UBND"
    data["report"]["issue_date"] = issued.isoformat()
    data["report"]["revision"] = 1
    statuses = ("done", "in_progress", "not_started", "in_progress", "paused")
    texts = {
        "done": "Hoàn thành",
        "in_progress": "Đang thực hiện",
        "not_started": "Chưa thực hiện",
        "paused": "Tạm dừng",
    }
    tasks = []
    for t in range(24):
        task = copy.deepcopy(template["tasks"][t % len(template["tasks"])])
        status = statuses[(t + c + period.index) % len(statuses)]
        task.update(
            number=str(t + 1),
            status_code=status,
            status_text=texts[status],
            percent=100 if status == "done" else (None if status == "not_started" else 50),
        )
        tasks.append(task)
    indicators = []
    for i, entry in enumerate(catalogue):
        target = 50 + (i * 7) % 45
        actual = round((c * 13 + i * 11 + period.index * 3) % 100 + 0.5, 1)
        indicators.append(
            {
                "code": str(i + 1),
                "catalogue_code": entry["code"],
                "group": "I. Chỉ tiêu chung",
                "name": entry["name"],
                "unit": "%",
                "target_year": 2025,
                "target_text": f"{target}%",
                "target_op": ">=",
                "target_value": target,
                "actual_text": f"{actual}%".replace(".", ","),
                "actual_value": actual,
                "attainment": "Đạt" if actual >= target else "Chưa đạt",
                "source": "Văn phòng HĐND và UBND",
                "note": "",
            }
        )
    data["tasks"], data["indicators"] = tasks, indicators
    data["summary"] = {**summarize(tasks, indicators), "tasks_overdue": 0}
    return data


_PAYLOAD: dict[str, bytes] = {}


def _init_worker(pdf: bytes, xlsx: bytes) -> None:
    _PAYLOAD.update(pdf=pdf, xlsx=xlsx)


def _pack_one(job: tuple[dict[str, Any], str, str]) -> tuple[str, str, bytes]:
    from app.bundle import pack_bundle

    data, created_at, folder = job
    packed = pack_bundle(
        data=data,
        pdf=_PAYLOAD["pdf"],
        xlsx=_PAYLOAD["xlsx"],
        app_version="bench",
        created_at=datetime.fromisoformat(created_at),
    )
    return folder, packed.filename, packed.content


def make_bundles(
    out: Path, communes: int, periods: int, pdf: bytes, xlsx: bytes, workers: int
) -> dict[str, Any]:
    from app.periods import period_from_key

    template = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    catalogue = _catalogue()
    keys = [f"2025-{m:02d}" for m in range(1, periods + 1)]
    jobs = []
    for c, (commune, province) in enumerate(commune_names(communes)):
        folder = f"{c:03d}"
        for n, key in enumerate(keys):
            end = period_from_key(key).end
            late = (c + n) % 7 == 0  # some communes send after the 15th
            sent = datetime(end.year, end.month, end.day, 9, 0, tzinfo=VN) + timedelta(
                days=3 if late else 0
            )
            data = make_data(template, catalogue, commune, province, c, key)
            jobs.append((data, sent.isoformat(), folder))
    total = 0
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(pdf, xlsx)) as pool:
        for folder, name, content in pool.map(_pack_one, jobs, chunksize=16):
            target = out / folder
            target.mkdir(exist_ok=True)
            (target / name).write_bytes(content)
            total += len(content)
    seconds = time.perf_counter() - started
    return {
        "bundles": len(jobs),
        "communes": communes,
        "periods": periods,
        "workers": workers,
        "make_s": round(seconds, 2),
        "total_mb": round(total / 1e6, 1),
    }


# --------------------------------------------------------------------------- importing


def import_into(db: Any, folder: Path) -> dict[str, Any]:
    from app.services.inbox import import_folder, list_inbox

    results, first_s = _timed(lambda: import_folder(db, folder))
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    rejected = [r.to_json() for r in results if r.status == "rejected"][:3]
    again, second_s = _timed(lambda: import_folder(db, folder))
    duplicates = sum(1 for r in again if r.status == "duplicate")
    rows, list_s = _timed(lambda: list_inbox(db))
    return {
        "import_s": round(first_s, 2),
        "per_bundle_ms": round(first_s * 1000 / max(len(results), 1), 1),
        "statuses": counts,
        "rejected_examples": rejected,
        "reimport_s": round(second_s, 2),
        "reimport_duplicates": duplicates,
        "list_inbox_ms": round(list_s * 1000, 1),
        "rows_listed": len(rows),
        "aim_s": AIM_IMPORT_S,
    }


def import_sqlite(folder: Path, work: Path) -> dict[str, Any]:
    from app.db import open_database

    path = work / "receiving" / "kh57.sqlite3"
    db = open_database(path, backup_before_migrate=False)
    try:
        figures = import_into(db, folder)
    finally:
        db.close()
    figures["db_mb"] = round(path.stat().st_size / 1e6, 1)
    return figures


def postgres_database(url: str, work: Path) -> Any:
    """A ``Database`` on PostgreSQL: fresh schema, the same Alembic migrations (bench only)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    from app.db import Database, migrate

    engine = create_engine(url)
    with engine.begin() as con:
        con.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        con.exec_driver_sql("CREATE SCHEMA public")
    migrate(engine)
    # ``path`` only places side files (mail settings, backups) for the SQLite app.
    return Database(
        path=work / "pg" / "unused.sqlite3",
        engine=engine,
        session_factory=sessionmaker(engine, expire_on_commit=False),
    )


def import_postgres(url: str, folder: Path, work: Path) -> dict[str, Any]:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import text

    from app.models import Base

    db, migrate_s = _timed(lambda: postgres_database(url, work))
    try:
        with db.engine.connect() as con:  # do the migrations give exactly the models' schema?
            context = MigrationContext.configure(con, opts={"compare_type": True})
            drift = [str(d)[:200] for d in compare_metadata(context, Base.metadata)]
        figures = import_into(db, folder)
        with db.engine.connect() as con:
            size = con.execute(text("SELECT pg_database_size(current_database())")).scalar()
            version = con.execute(text("SHOW server_version")).scalar()
    finally:
        db.close()
    figures.update(migrate_s=round(migrate_s, 2), db_mb=round(int(size or 0) / 1e6, 1))
    figures["server_version"] = version
    figures["schema_drift_vs_models"] = drift or "none"
    return figures


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--periods", type=int, default=10, help="months of 2025 (1–12)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pg", default=os.environ.get("KH57_BENCH_PG", ""))
    parser.add_argument("--keep", type=Path, help="write the bundles here and keep them")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))

    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kh57-inbox-bench-") as tmp:
        work = Path(tmp)
        try:
            real = real_bundle(work)
            pdf, xlsx = real["pdf"], real["xlsx"]
            figures["one_monthly_bundle"] = real["figures"]
        except Exception as exc:  # report services are edited elsewhere: still measure imports
            figures["one_monthly_bundle"] = {"error": f"{type(exc).__name__}: {exc}"}
            pdf, xlsx = fallback_payload()
        folder = args.keep or work / "bundles"
        folder.mkdir(parents=True, exist_ok=True)
        figures["make"] = make_bundles(folder, args.communes, args.periods, pdf, xlsx, args.workers)
        figures["sqlite"] = import_sqlite(folder, work)
        if args.pg:
            try:
                figures["postgresql"] = import_postgres(args.pg, folder, work)
            except Exception as exc:
                figures["postgresql"] = {"error": f"{type(exc).__name__}: {exc}"}
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        for section, values in figures.items():
            print(f"[{section}]")
            for key, value in values.items():
                print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
