"""kh57 bundle / verify / inbox / outbox through a real subprocess (DESIGN §3 conventions)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.db import open_database
from app.services.commune import ProfileData, save_profile
from app.services.outbox import queue_email
from sending_support import make_report, tampered

SRC = Path(__file__).parents[1] / "src"


def kh57(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def ok(*args: str) -> Any:
    done = kh57(*args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def commune_db(db_path: Path) -> Path:
    db = open_database(db_path)
    try:
        make_report(db)
    finally:
        db.close()
    return db_path


def test_bundle_verify_and_inbox_round_trip(commune_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb"
    packed = ok("--db", str(commune_db), "bundle", "1", "--period", "2025-09", "--out", str(out))
    assert set(packed) == {"bundle_id", "path", "sha256", "size", "report_id", "period"}
    assert packed["period"] == "2025-09"
    path = Path(packed["path"])
    assert path.parent == out and path.stat().st_size == packed["size"]

    verified = ok("verify", str(path))
    assert verified["ok"] is True and verified["bundle_id"] == packed["bundle_id"]
    assert (verified["commune"], verified["period"]) == ("Tam Chung", "2025-09")
    assert set(verified["members"]) == {"data.json", "report.pdf", "report.xlsx"}
    assert verified["sha256"] == packed["sha256"]

    office = tmp_path / "office.sqlite3"
    imported = ok("--db", str(office), "inbox", "import", str(out))
    assert [(r["status"], r["bundle_id"]) for r in imported] == [("imported", packed["bundle_id"])]
    again = ok("inbox", "import", "--db", str(office), str(path))
    assert again[0]["status"] == "duplicate"
    listed = ok("--db", str(office), "inbox", "list")
    assert [(r["commune"], r["period"], r["current"]) for r in listed] == [
        ("Tam Chung", "2025-09", True)
    ]


def test_tampered_bundle_is_refused_with_one_vietnamese_sentence(
    commune_db: Path, tmp_path: Path
) -> None:
    packed = ok(
        "--db", str(commune_db), "bundle", "1", "--period", "2025-09", "--out", str(tmp_path)
    )
    bad = tampered(Path(packed["path"]), tmp_path / "bad.kh57")
    done = kh57("verify", str(bad))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "không khớp mã SHA-256" in done.stderr

    office = tmp_path / "office.sqlite3"
    mixed = kh57("--db", str(office), "inbox", "import", packed["path"], str(bad))
    assert mixed.returncode == 1 and "1/2 tệp bị từ chối" in mixed.stderr
    results = json.loads(mixed.stdout)
    assert [r["status"] for r in results] == ["imported", "rejected"]
    assert results[1]["reason"] and results[1]["code"]


def test_bundle_without_province_fails_clearly(commune_db: Path, tmp_path: Path) -> None:
    db = open_database(commune_db)
    save_profile(db, ProfileData(name="Tam Chung", province=""))
    db.close()
    done = kh57(
        "--db", str(commune_db), "bundle", "1", "--period", "2025-09", "--out", str(tmp_path)
    )
    assert done.returncode == 1 and "chưa có tên tỉnh" in done.stderr
    assert list(tmp_path.glob("*.kh57")) == []


def test_outbox_lists_states(commune_db: Path) -> None:
    db = open_database(commune_db)
    queue_email(db, 1, ["skhcn@example.vn"])
    db.close()
    rows = ok("--db", str(commune_db), "outbox")
    assert [(r["state"], r["state_label"], r["recipients"]) for r in rows] == [
        ("pending", "Chờ gửi", ["skhcn@example.vn"])
    ]


def test_usage_errors_exit_2() -> None:
    assert kh57("inbox").returncode == 2
    assert kh57("bundle", "1").returncode == 2
