"""Loaded by the test worker (``worker_settings.CELERY_IMPORTS``). With ``UITBETALING_TEST_HANGEN=1`` the
worker books the first payout of a batch (committed) and then sleeps, so the test can kill it with SIGKILL
in the middle of the booking. The hook lives in the tests, not in the application code."""

import os
import time

from uitbetaling import services

if os.environ.get("UITBETALING_TEST_HANGEN") == "1":
    _echte_boek = services.uitbetaling_boek
    _teller = {"geboekt": 0}

    def _boek_en_blijf_hangen(**kwargs):
        uitkomst = _echte_boek(**kwargs)
        _teller["geboekt"] += 1
        if _teller["geboekt"] == 1:
            print("EERSTE UITBETALING GEBOEKT, WACHT OP KILL", flush=True)
            time.sleep(600)
        return uitkomst

    services.uitbetaling_boek = _boek_en_blijf_hangen
