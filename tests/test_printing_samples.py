"""Realistic documents for the printing tests, built from the Tam Chung and Thanh Miện samples.

``python tests/test_printing_samples.py OUTDIR`` writes plan.pdf and report.pdf
(used to look at the output and to make the README images).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from app.printing import (
    AdminDocument,
    Appendix,
    BulletPoint,
    Column,
    HeaderCell,
    Heading,
    Paragraph,
    Row,
    Signature,
    Table,
    attachment_line,
)

DATA = Path(__file__).parent / "data" / "samples"

STATUSES = [
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Đang thực hiện trong hạn",
    "Đang thực hiện quá hạn",
    "Chưa thực hiện",
]

LEGAL_BASES = [
    "Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá "
    "phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia",
    "Căn cứ Nghị quyết số 71/NQ-CP ngày 01 tháng 4 năm 2025 của Chính phủ về việc sửa đổi, "
    "bổ sung Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW",
    "Căn cứ Quyết định số 749/QĐ-TTg ngày 03 tháng 6 năm 2020 của Thủ tướng Chính phủ phê duyệt "
    "Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng năm 2030;",
    "Căn cứ Kế hoạch hành động số 266-KH/TU ngày 26 tháng 4 năm 2025 của Ban Thường vụ Tỉnh ủy "
    "thực hiện Nghị quyết số 57-NQ/TW; Công văn số 1730/SKHCN-CNTT&CĐS ngày 08 tháng 7 năm 2025 "
    "của Sở Khoa học và Công nghệ",
]

RECIPIENTS = [
    "BCĐ xã về phát triển KHCN, ĐMST và chuyển đổi số (để b/c);",
    "TTr: Đảng ủy, HĐND xã, UBND xã (để b/c);",
    "Các phòng, ban, ngành, đơn vị cấp xã;",
    "UB MTTQ VN xã và các đoàn thể cấp xã;",
    "Ban quản lý bản;",
    "Lưu: VT, VHXH.",
]

SIGNATURE = Signature(
    authority_lines=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],
    title="PHÓ CHỦ TỊCH",
    full_name="Trương Thị Huyên",
)


def load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return data


def indicator_table(sample: dict[str, Any], years: list[str]) -> Table:
    """Phụ lục I: TT | Chỉ tiêu | Đơn vị | Mục tiêu (years, two-row header) | Chủ trì."""
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Nội dung chỉ tiêu", weight=5),
        Column(title="Đơn vị tính", width_mm=28, align="center"),
        *[Column(title=y, width_mm=24, align="center") for y in years],
        Column(title="Đơn vị chủ trì theo dõi", weight=2),
    ]
    header = [
        [
            HeaderCell(text="TT", rowspan=2),
            HeaderCell(text="Nội dung chỉ tiêu", rowspan=2),
            HeaderCell(text="Đơn vị tính", rowspan=2),
            HeaderCell(text="Mục tiêu", colspan=len(years)),
            HeaderCell(text="Đơn vị chủ trì theo dõi", rowspan=2),
        ],
        [HeaderCell(text=y) for y in years],
    ]
    titles = {g["label"]: g["title"] for g in sample["indicator_groups"]}
    rows: list[Row] = []
    group = None
    for ind in sample["indicators"]:
        if ind["group"] and ind["group"] != group:
            group = ind["group"]
            rows.append(Row(cells=[group, titles.get(group, "")], is_group=True))
        targets = [ind["targets"].get(y, "") for y in years]
        rows.append(Row(cells=[ind["code"], ind["name"], ind["unit"], *targets, ind["lead"]]))
    return Table(columns=columns, header_rows=header, rows=rows)


def task_table(sample: dict[str, Any]) -> Table:
    """Phụ lục II: TT | Nhiệm vụ | Chủ trì | Phối hợp | Kết quả/sản phẩm | Thời hạn."""
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Nhiệm vụ", weight=5),
        Column(title="Đơn vị chủ trì", weight=2),
        Column(title="Đơn vị phối hợp", weight=2),
        Column(title="Kết quả/sản phẩm", weight=2),
        Column(title="Thời hạn hoàn thành", width_mm=30, align="center"),
    ]
    titles = {g["label"]: g["title"] for g in sample["task_groups"]}
    rows: list[Row] = []
    group = None
    for t in sample["tasks"]:
        if t["group"] and t["group"] != group:
            group = t["group"]
            rows.append(Row(cells=[group, titles.get(group, "")], is_group=True))
        rows.append(
            Row(
                cells=[
                    t["number"],
                    t["name"],
                    t["lead"],
                    t["cooperating"],
                    t["result"],
                    t["deadline"],
                ]
            )
        )
    return Table(columns=columns, rows=rows)


def progress_table(sample: dict[str, Any]) -> Table:
    """Report annex: TT | Nhiệm vụ | Kết quả/sản phẩm | Thời hạn | Chủ trì | Tình trạng | Kết quả."""
    columns = [
        Column(title="TT", width_mm=12, align="center"),
        Column(title="Nhiệm vụ", weight=5),
        Column(title="Kết quả/sản phẩm", weight=2),
        Column(title="Thời hạn", width_mm=24, align="center"),
        Column(title="Chủ trì", weight=2),
        Column(title="Tình trạng", width_mm=30, align="center"),
        Column(title="Kết quả thực hiện / kiến nghị", weight=3),
    ]
    titles = {g["label"]: g["title"] for g in sample["task_groups"]}
    rows: list[Row] = []
    group = None
    for k, t in enumerate(sample["tasks"]):
        if t["group"] and t["group"] != group:
            group = t["group"]
            rows.append(Row(cells=[group, titles.get(group, "")], is_group=True))
        status = STATUSES[k % len(STATUSES)]
        note = "Đã ban hành văn bản triển khai; đang tổng hợp kết quả." if k % 3 == 0 else ""
        rows.append(
            Row(cells=[t["number"], t["name"], t["result"], t["deadline"], t["lead"], status, note])
        )
    return Table(columns=columns, rows=rows)


def indicator_result_table(sample: dict[str, Any], year: str) -> Table:
    columns = [
        Column(title="TT", width_mm=14, align="center"),
        Column(title="Chỉ tiêu", weight=5),
        Column(title="Đơn vị", width_mm=28, align="center"),
        Column(title=f"Chỉ tiêu kế hoạch ({year})", width_mm=36, align="center"),
        Column(title="Kết quả đến kỳ báo cáo", width_mm=36, align="center"),
        Column(title="Đánh giá", width_mm=28, align="center"),
    ]
    rows = []
    for k, ind in enumerate(sample["indicators"]):
        target = ind["targets"].get(year, "")
        verdict = "—" if not target else ("Đạt" if k % 2 else "Chưa đạt")
        rows.append(Row(cells=[ind["code"], ind["name"], ind["unit"], target, "", verdict]))
    return Table(columns=columns, rows=rows)


def plan_document(*, number: str | None = None, issue_date: date | None = None) -> AdminDocument:
    tc = load("tam-chung")
    base = AdminDocument(
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ TAM CHUNG"],
        doc_type_code="KH",
        number=number,
        place="Tam Chung",
        issue_date=issue_date,
        draft_year=2025,
        type_name="KẾ HOẠCH",
        summary="Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số xã Tam Chung, năm 2025",
        legal_bases=LEGAL_BASES,
        signature=SIGNATURE,
        recipients=RECIPIENTS,
        body=_plan_body(),
    )
    subtitle = attachment_line(base, "Ủy ban nhân dân xã Tam Chung")
    appendices = [
        Appendix(
            label="Phụ lục I",
            title="Các chỉ tiêu phấn đấu hoàn thành năm 2025",
            subtitle=subtitle,
            table=indicator_table(tc, ["2025", "2030"]),
        ),
        Appendix(
            label="Phụ lục II",
            title="Nhiệm vụ, giải pháp thực hiện năm 2025",
            subtitle=subtitle,
            table=task_table(tc),
        ),
    ]
    return _replace(base, appendices=appendices)


def _replace(doc: AdminDocument, **changes: Any) -> AdminDocument:
    from dataclasses import replace

    return replace(doc, **changes)


def _plan_body() -> list[Any]:
    return [
        Paragraph(
            text="Ủy ban nhân dân xã Tam Chung xây dựng Kế hoạch phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số năm 2025, cụ thể như sau:"
        ),
        Heading(level=1, text="I. Mục tiêu"),
        Heading(level=2, text="1. Mục tiêu chung"),
        Paragraph(
            text="Xây dựng chính quyền số, kinh tế số, xã hội số hiện đại, minh bạch, hiệu quả, đưa hoạt "
            "động quản lý, chỉ đạo, điều hành của tổ chức, cơ quan Đảng, Nhà nước lên môi trường số, "
            "dựa trên dữ liệu; cung cấp dịch vụ công trực tuyến toàn trình, tiện ích số thuận lợi cho "
            "người dân, doanh nghiệp, tạo đột phá trong cải cách hành chính, quản trị công, và phát "
            "triển bền vững."
        ),
        Paragraph(
            text="Nâng cao chất lượng nguồn nhân lực, phát huy tiềm lực sáng tạo của mọi tầng lớp xã "
            "hội, thúc đẩy liên kết vùng, hội nhập quốc tế về khoa học, công nghệ."
        ),
        Heading(level=2, text="2. Mục tiêu, chỉ tiêu cụ thể"),
        Paragraph(text="(Chi tiết tại Phụ lục I kèm theo)", italic=True),
        Heading(level=1, text="II. Nhiệm vụ và giải pháp"),
        Paragraph(
            text="1. Tăng cường công tác lãnh đạo, chỉ đạo để phát huy vai trò đột phá của khoa học, "
            "công nghệ, đổi mới sáng tạo và chuyển đổi số."
        ),
        Paragraph(
            text="2. Nâng cao nhận thức và quyết tâm chính trị, thông tin, truyền thông tạo sự đồng thuận "
            "và phát huy tính sáng tạo của toàn xã hội."
        ),
        Paragraph(
            text="3. Đầu tư phát triển hạ tầng số, ứng dụng, dịch vụ số cho khoa học, công nghệ, đổi mới "
            "sáng tạo và chuyển đổi số."
        ),
        Paragraph(text="(Nội dung chi tiết tại Phụ lục II kèm theo)", italic=True),
        Heading(level=1, text="III. Kinh phí thực hiện"),
        Paragraph(
            text="Kinh phí thực hiện được bố trí từ ngân sách nhà nước (chi cho hoạt động khoa học, công "
            "nghệ, đổi mới sáng tạo và chuyển đổi số) và nguồn xã hội hóa (đóng góp của doanh nghiệp, "
            "tổ chức, cá nhân…)."
        ),
        Heading(level=1, text="IV. Tổ chức thực hiện"),
        Heading(level=2, text="1. Phòng Văn hoá – Xã hội"),
        BulletPoint(
            text="Là cơ quan thường trực có trách nhiệm theo dõi, tổng hợp kết quả của các phòng, ban, "
            "đơn vị trong việc triển khai thực hiện các nhiệm vụ theo Kế hoạch; báo cáo UBND xã và Ban "
            "Chỉ đạo của UBND xã theo định kỳ (quý, 6 tháng) hoặc đột xuất theo yêu cầu."
        ),
        BulletPoint(
            text="Phối hợp với Phòng Kinh tế và các đơn vị liên quan, tham mưu trình cấp có thẩm quyền "
            "bố trí kinh phí thực hiện nhiệm vụ được giao."
        ),
        Heading(level=2, text="2. Các phòng, ban, ngành, đơn vị cấp xã"),
        Paragraph(
            text="Định kỳ, trước ngày 15 hằng tháng (báo cáo tháng); trước ngày 05/6 hằng năm (báo cáo "
            "06 tháng) và trước ngày 01/12 hằng năm (báo cáo năm), gửi báo cáo tình hình và kết quả "
            "thực hiện về cơ quan thường trực (Phòng Văn hoá – Xã hội) để tổng hợp, báo cáo UBND xã."
        ),
        Heading(level=2, text="3. Trung tâm cung ứng dịch vụ công"),
        Paragraph(
            text="Xây dựng và triển khai kế hoạch tuyên truyền sâu rộng về mục đích, nội dung, ý nghĩa "
            "của việc thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; Nghị quyết số "
            "71/NQ-CP ngày 01/4/2025 của Chính phủ và kế hoạch này, góp phần thực hiện thành công, hiệu "
            "quả mục tiêu kế hoạch đề ra."
        ),
    ]


def report_document(*, number: str | None = None, issue_date: date | None = None) -> AdminDocument:
    tm = load("thanh-mien")
    base = AdminDocument(
        parent_body=None,
        issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ THANH MIỆN"],
        doc_type_code="BC",
        number=number,
        place="Thanh Miện",
        issue_date=issue_date,
        draft_year=2025,
        type_name="BÁO CÁO",
        summary="Kết quả thực hiện Kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số tháng 9 năm 2025",
        kinh_gui=[
            "Sở Khoa học và Công nghệ tỉnh Hải Dương",
            "Ban Chỉ đạo xã về phát triển KHCN, ĐMST và CĐS",
        ],
        signature=Signature(
            authority_lines=["TM. ỦY BAN NHÂN DÂN"], title="CHỦ TỊCH", full_name="Nguyễn Văn An"
        ),
        recipients=["Như trên;", "Đảng ủy xã (để b/c);", "Lưu: VT, VHXH."],
        body=[
            Paragraph(
                text="Thực hiện Kế hoạch số 45/KH-UBND ngày 29/6/2025 của Ủy ban nhân dân xã, Ủy ban nhân "
                "dân xã Thanh Miện báo cáo kết quả thực hiện tháng 9 năm 2025 như sau:"
            ),
            Heading(level=1, text="I. Kết quả thực hiện"),
            Heading(level=2, text="1. Công tác lãnh đạo, chỉ đạo"),
            Paragraph(
                text="Ủy ban nhân dân xã đã ban hành các văn bản chỉ đạo, hướng dẫn triển khai; phân công "
                "nhiệm vụ cụ thể cho các phòng, ban, đơn vị."
            ),
            Heading(level=2, text="2. Kết quả thực hiện nhiệm vụ"),
            Paragraph(
                text="Tổng số nhiệm vụ: 31; hoàn thành đúng hạn: 7; hoàn thành quá hạn: 6; đang thực hiện "
                "trong hạn: 6; đang thực hiện quá hạn: 6; chưa thực hiện: 6 (chi tiết tại Phụ lục I)."
            ),
            Heading(level=3, text="a) Nhiệm vụ đã hoàn thành"),
            BulletPoint(
                text="Ban hành Kế hoạch triển khai phong trào “Bình dân học vụ số” trên địa bàn xã."
            ),
            Heading(level=2, text="3. Kết quả thực hiện chỉ tiêu"),
            Paragraph(text="Chi tiết tại Phụ lục II kèm theo."),
            Heading(level=1, text="II. Tồn tại, hạn chế, khó khăn, vướng mắc và nguyên nhân"),
            Paragraph(
                text="Hạ tầng số tại một số thôn còn hạn chế; nhân lực chuyên trách còn thiếu."
            ),
            Heading(level=1, text="III. Nhiệm vụ trọng tâm kỳ tới"),
            Paragraph(
                text="Tiếp tục triển khai các nhiệm vụ đang thực hiện; đôn đốc các nhiệm vụ quá hạn."
            ),
            Heading(level=1, text="IV. Đề xuất, kiến nghị"),
            Paragraph(
                text="Đề nghị Sở Khoa học và Công nghệ hỗ trợ tập huấn kỹ năng số cho cán bộ xã."
            ),
        ],
    )
    subtitle = attachment_line(base, "Ủy ban nhân dân xã Thanh Miện")
    return _replace(
        base,
        appendices=[
            Appendix(
                label="Phụ lục I",
                title="Tiến độ thực hiện nhiệm vụ",
                subtitle=subtitle,
                table=progress_table(tm),
            ),
            Appendix(
                label="Phụ lục II",
                title="Kết quả thực hiện chỉ tiêu",
                subtitle=subtitle,
                table=indicator_result_table(tm, "2030"),
            ),
        ],
    )


if __name__ == "__main__":
    from app.printing import render_pdf

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    render_pdf(plan_document(), out / "plan.pdf")
    render_pdf(report_document(number="7", issue_date=date(2025, 9, 29)), out / "report.pdf")
    print(out / "plan.pdf", out / "report.pdf")
