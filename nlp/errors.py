"""The exceptions the package raises; each message names the problem and the fix.

In bulk runs these become ``{"type": <class name>, "message": ...}`` error
records (`nlp.types.Error`), one per failed input, and the run goes on.
"""

from __future__ import annotations


class VnDirectivesError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(VnDirectivesError, ValueError):
    """The input record cannot be read as a report."""


class EmptyText(InputError):
    """The text is empty or only whitespace."""


class NotText(InputError, TypeError):
    """The text is not a string (a number, a list, null ...)."""


class TextTooLarge(InputError):
    """The text is longer than the configured limit."""


class TimeBudgetExceeded(VnDirectivesError):
    """Processing one record took longer than the configured budget."""


class RecordError(InputError):
    """A record of a bulk input is malformed (bad JSON, missing field, bad encoding)."""


class ModelError(VnDirectivesError):
    """A model file is missing, unreadable, or holds types we do not trust."""


def error_type(exc: BaseException) -> str:
    """The ``type`` string of an error record for ``exc``."""
    return type(exc).__name__
