"""`make run`: a laptop with SQLite and the embedded broker."""

from .base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
BETALEN_TESTPROVIDER = env.bool("BETALEN_TESTPROVIDER", default=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
