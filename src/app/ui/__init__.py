"""PySide6 user interface: widgets, models/views and dialogs; calls services only."""
