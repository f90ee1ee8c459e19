"""Chỉ tiêu screen."""

from app.ui.pages.indicators.page import IndicatorsPage

__all__ = ["IndicatorsPage"]
