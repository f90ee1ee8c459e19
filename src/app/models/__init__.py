"""SQLAlchemy 2 typed ORM models: one aggregate a module, one ``Base``."""

from app.models.base import Base
from app.models.commune import CommuneProfile, Signer, Unit
from app.models.plan import (
    Indicator,
    IndicatorGroup,
    IndicatorTarget,
    IndicatorUnit,
    Plan,
    Task,
    TaskGroup,
    TaskUnit,
)
from app.models.reporting import (
    IndicatorResult,
    Report,
    ReportRegime,
    ReportRevision,
    TaskProgress,
    UnitSubmission,
)
from app.models.submission import InboxBundle, OutboxItem, Submission

__all__ = [
    "Base",
    "CommuneProfile",
    "InboxBundle",
    "Indicator",
    "IndicatorGroup",
    "IndicatorResult",
    "IndicatorTarget",
    "IndicatorUnit",
    "OutboxItem",
    "Plan",
    "Report",
    "ReportRegime",
    "ReportRevision",
    "Signer",
    "Submission",
    "Task",
    "TaskGroup",
    "TaskProgress",
    "TaskUnit",
    "Unit",
    "UnitSubmission",
]
