"""Package version, kept apart so setup.cfg can read it without importing dependencies."""

__version__ = "0.1.0"
