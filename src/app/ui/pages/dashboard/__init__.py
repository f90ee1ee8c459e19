"""Tổng quan: reports due, charts of the current plan (tasks by status per group, indicators
reached per group) and the deadlines of the coming 60 days.

``data`` loads what the screen shows (no Qt widgets), ``charts`` paints the stacked bars,
``models`` holds the three lists and ``page`` lays them out."""

from __future__ import annotations

from app.ui.pages.dashboard.charts import StackedBars
from app.ui.pages.dashboard.data import (
    COMING_DAYS,
    INDICATOR_BANDS,
    SOON_DAYS,
    TASK_BAND_OF,
    TASK_BANDS,
    BarRow,
    DashboardData,
    Deadline,
    coming_deadlines,
    indicator_bars,
    load_dashboard,
    task_bars,
)
from app.ui.pages.dashboard.models import ComingModel, DueModel, WatchModel
from app.ui.pages.dashboard.page import DashboardPage

__all__ = [
    "COMING_DAYS",
    "INDICATOR_BANDS",
    "SOON_DAYS",
    "TASK_BANDS",
    "TASK_BAND_OF",
    "BarRow",
    "ComingModel",
    "DashboardData",
    "DashboardPage",
    "Deadline",
    "DueModel",
    "StackedBars",
    "WatchModel",
    "coming_deadlines",
    "indicator_bars",
    "load_dashboard",
    "task_bars",
]
