import pytest

from tests.access.world import build_world


@pytest.fixture
def world(catalog):
    """Three organisations and their staff, each user logged in to a test client."""
    return build_world()
