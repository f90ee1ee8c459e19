"""Báo cáo: periodic reporting (task progress, indicator results, units, the commune report)."""

from app.ui.pages.reports.page import ReportsPage

__all__ = ["ReportsPage"]
