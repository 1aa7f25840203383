"""Fixtures of the newsletters tests (authoring fixtures live in authoring_support.py)."""

from tests.newsletters.authoring_support import (  # noqa: F401  (fixtures)
    admin_reader,
    archive,
    demo_issue,
    editor,
)
