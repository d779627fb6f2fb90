"""The error hierarchy: every failure a user can cause is a ``ManjuError`` with a one-line message."""

from __future__ import annotations

import errno
import os


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


class DiskError(ManjuError):
    """A file could not be written: the disk is full, a size limit was hit, or no permission."""

    #: errno values that mean the write itself failed (not a missing input, say)
    _REASONS = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk is full (the disk quota is used up)",
        errno.EFBIG: "the disk is full or the file-size limit is reached",
        errno.EROFS: "the disk is not writable (read-only)",
        errno.EACCES: "the folder is not writable (permission denied)",
        errno.EPERM: "the folder is not writable (operation not permitted)",
        errno.EIO: "the disk failed (input/output error)",
    }

    @classmethod
    def from_write(cls, path: object, exc: BaseException) -> DiskError | None:
        """The error to report for ``exc`` raised while writing ``path``, or None when ``exc`` is
        no write failure (a bug, a missing input) and should propagate as it is."""
        if isinstance(exc, DiskError):
            return exc
        reason = cls._REASONS.get(getattr(exc, "errno", None) or -1) if isinstance(
            exc, OSError) else None
        # numpy reports a short write without an errno: "4108800 requested and 105440 written"
        if reason is None and isinstance(exc, (OSError, ValueError)) and (
                "requested and" in str(exc) and "written" in str(exc)):
            reason = "the disk is full (only part of the file was written)"
        if reason is None:
            return None
        hint = ("choose a writable --out folder" if "writable" in reason
                else "free some space or choose another --out folder")
        name = str(path)
        # a writer's unique temporary name means nothing to the user; its folder does
        where = f"in {os.path.dirname(name) or '.'}" if ".tmp" in os.path.basename(name) else name
        return cls(f"cannot write {where}: {reason}; {hint}")
