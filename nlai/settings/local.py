"""`make run`: a laptop with SQLite and the embedded broker."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
BETALEN_TESTPROVIDER = env.bool("BETALEN_TESTPROVIDER", default=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True

# A valid example creditor identifier (check digits per EPC262: ISO 7064 mod 97-10) for local use and tests.
SEPA_CREDITOR_ID = "NL69ZZZ123456780000"
