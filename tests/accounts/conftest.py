import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _lege_cache():
    """Throttle and reset counts live in the cache; every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
