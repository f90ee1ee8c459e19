"""Nhiệm vụ screen (model, undoable commands, page)."""

from app.ui.pages.tasks.page import TasksPage

__all__ = ["TasksPage"]
