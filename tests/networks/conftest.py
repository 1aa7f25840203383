import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


from tests.networks.people import (  # noqa: E402,F401  (fixtures)
    district_lead,
    editor,
    rugby,
    rugby_contact,
    warwick,
    warwick_contact,
)
