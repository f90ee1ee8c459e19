"""Commune profile, its signers, and the units (phòng ban, thôn xóm …)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamped

UNIT_KINDS = (
    "phong",
    "trung_tam",
    "cong_an",
    "tram_y_te",
    "thon_xom",
    "doan_the",
    "doanh_nghiep",
    "other",
)

AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.", "")


class CommuneProfile(Timestamped, Base):
    """The one commune this installation works for."""

    __tablename__ = "commune_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(200), default="")
    parent_body: Mapped[str] = mapped_column(String(200), default="")
    issuer_lines: Mapped[list[str]] = mapped_column(default=list)
    place_name: Mapped[str] = mapped_column(String(200), default="")
    standing_office: Mapped[str] = mapped_column(String(300), default="")
    default_recipients: Mapped[list[str]] = mapped_column(default=list)
    signers: Mapped[list[Signer]] = relationship(
        back_populates="profile", cascade="all, delete-orphan", order_by="Signer.position"
    )


class Signer(Base):
    """A person who signs for the commune: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"."""

    __tablename__ = "signer"

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("commune_profile.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    authority_prefix: Mapped[str] = mapped_column(String(8), default="TM.")
    authority_lines: Mapped[list[str]] = mapped_column(default=list)
    title: Mapped[str] = mapped_column(String(200), default="CHỦ TỊCH")
    full_name: Mapped[str] = mapped_column(String(200), default="")
    profile: Mapped[CommuneProfile] = relationship(back_populates="signers")


class Unit(Timestamped, Base):
    """A unit named in plans; ``key`` is the normalised identity of its name."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True, index=True)
    short_name: Mapped[str] = mapped_column(String(100), default="")
    aliases: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    note: Mapped[str] = mapped_column(Text, default="")
