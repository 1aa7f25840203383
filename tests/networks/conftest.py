# The cache (rate limits) is emptied for every test by tests/conftest.py.
from tests.networks.directory_fixtures import (  # noqa: E402,F401  (fixtures)
    district_lead,
    editor,
    rugby,
    rugby_contact,
    warwick,
    warwick_contact,
)
