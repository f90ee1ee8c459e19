"""Application errors: each carries one Vietnamese sentence for the officer.

The message says what happened and what to do. Tracebacks go to the log file,
never into a dialog. Services raise these; the UI shows them through one
presenter (``app.ui.errors.show_error``) and the command line prints them on
stderr with exit status 1.
"""

from __future__ import annotations


class AppError(Exception):
    """Base of every error the officer may see."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(AppError):
    """A value the officer typed or a file contains is not acceptable."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(AppError):
    """A record the officer asked for does not exist (any more)."""


class ImportFormatError(AppError):
    """A file to import cannot be read as a plan, form or bundle."""


class StorageError(AppError):
    """The database file cannot be opened, read or written."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer version of the program."""


class DatabaseCorruptError(StorageError):
    """The database file failed its integrity check."""


class BackupError(AppError):
    """A backup could not be made or restored."""


class ExportError(AppError):
    """A file could not be written (disk full, stick removed, file locked)."""


class BundleError(AppError):
    """A submission bundle is damaged or does not match its manifest."""


class MailError(AppError):
    """An e-mail could not be sent."""
