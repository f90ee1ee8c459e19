"""The commune profile: read and save (first-run dialog and Cài đặt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from app.db import Database
from app.errors import ValidationError
from app.models import CommuneProfile, Signer
from app.models.commune import AUTHORITY_PREFIXES
from app.services import Changes
from app.vntext import clean_cell


@dataclass(frozen=True, slots=True)
class SignerData:
    authority_prefix: str = "TM."
    authority_lines: list[str] = field(default_factory=lambda: ["TM. ỦY BAN NHÂN DÂN"])
    title: str = "CHỦ TỊCH"
    full_name: str = ""


@dataclass(frozen=True, slots=True)
class ProfileData:
    name: str
    province: str = ""
    parent_body: str = ""
    issuer_lines: list[str] = field(default_factory=list)
    place_name: str = ""
    standing_office: str = "Phòng Văn hoá - Xã hội"
    default_recipients: list[str] = field(default_factory=list)
    signers: list[SignerData] = field(default_factory=list)


def default_issuer_lines(name: str) -> list[str]:
    return ["ỦY BAN NHÂN DÂN", f"XÃ {name.upper()}"]


def get_profile(db: Database) -> ProfileData | None:
    with db.read() as s:
        p = s.scalars(select(CommuneProfile).order_by(CommuneProfile.id)).first()
        if p is None:
            return None
        return ProfileData(
            name=p.name,
            province=p.province,
            parent_body=p.parent_body,
            issuer_lines=list(p.issuer_lines),
            place_name=p.place_name,
            standing_office=p.standing_office,
            default_recipients=list(p.default_recipients),
            signers=[
                SignerData(sg.authority_prefix, list(sg.authority_lines), sg.title, sg.full_name)
                for sg in p.signers
            ],
        )


def check_profile(data: ProfileData) -> None:
    if not clean_cell(data.name):
        raise ValidationError("Hãy nhập tên xã trước khi lưu.", field="name")
    for sg in data.signers:
        if sg.authority_prefix not in AUTHORITY_PREFIXES:
            raise ValidationError(
                "Thẩm quyền ký phải là TM., KT., Q., TL. hoặc TUQ.", field="authority_prefix"
            )


def save_profile(db: Database, data: ProfileData) -> Changes:
    check_profile(data)
    name = clean_cell(data.name)
    with db.begin() as s:
        p = s.scalars(select(CommuneProfile).order_by(CommuneProfile.id)).first()
        if p is None:
            p = CommuneProfile(name=name)
            s.add(p)
        p.name = name
        p.province = clean_cell(data.province)
        p.parent_body = clean_cell(data.parent_body)
        p.issuer_lines = [clean_cell(x) for x in data.issuer_lines if clean_cell(x)] or (
            default_issuer_lines(name)
        )
        p.place_name = clean_cell(data.place_name) or name
        p.standing_office = clean_cell(data.standing_office)
        p.default_recipients = [clean_cell(x) for x in data.default_recipients if clean_cell(x)]
        p.signers = [
            Signer(
                position=i,
                authority_prefix=sg.authority_prefix,
                authority_lines=[clean_cell(x) for x in sg.authority_lines if clean_cell(x)],
                title=clean_cell(sg.title),
                full_name=clean_cell(sg.full_name),
            )
            for i, sg in enumerate(data.signers)
        ]
    return Changes(profile=True)
