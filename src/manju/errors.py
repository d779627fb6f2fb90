"""The error hierarchy: every failure a user can cause is a ``ManjuError`` with a one-line message."""

from __future__ import annotations


class ManjuError(Exception):
    """Base of all errors manju reports to users (the CLI prints the message, no traceback)."""

    exit_code = 1


class InputError(ManjuError):
    """The user's input (a story file, an option) cannot be used."""

    exit_code = 2


class ProjectError(ManjuError):
    """A project document is missing, broken or from an unknown schema version."""


class BackendError(ManjuError):
    """A backend is missing, misconfigured or failed."""


class StageError(ManjuError):
    """A stage could not run on this project (e.g. an earlier stage has not run)."""
