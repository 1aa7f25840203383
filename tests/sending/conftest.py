"""Fixtures of the sending tests (the Sends screens' people come from the newsletters tests)."""

from tests.newsletters.authoring_support import editor  # noqa: F401  (fixture)
