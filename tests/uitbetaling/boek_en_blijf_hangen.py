"""Run by test_gelijktijdig in a subprocess: book an approved batch like the Celery task does, but stop
(sleep) at a chosen point so the test can kill this process with SIGKILL right there.

    python -m tests.uitbetaling.boek_en_blijf_hangen <batch_id> na_commit|in_transactie

``na_commit``: after the first payout's transaction committed; ``in_transactie``: inside the second
payout's transaction, after its journal entry was written but before it committed. The hooks live here,
in the test, not in the application code.
"""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nlai.settings.test")

import django  # noqa: E402

django.setup()

from uitbetaling import services  # noqa: E402


def main() -> None:
    batch_id, punt = int(sys.argv[1]), sys.argv[2]
    echte_boek = services.uitbetaling_boek
    echte_post = services.journaalpost_boek
    teller = {"boek": 0, "post": 0}

    def boek(**kw):
        uitkomst = echte_boek(**kw)
        teller["boek"] += 1
        if punt == "na_commit" and teller["boek"] == 1:
            print("GEBOEKT", flush=True)
            time.sleep(120)
        return uitkomst

    def post(**kw):
        uitkomst = echte_post(**kw)
        teller["post"] += 1
        if punt == "in_transactie" and teller["post"] == 2:
            print("IN_TRANSACTIE", flush=True)
            time.sleep(120)
        return uitkomst

    services.uitbetaling_boek = boek
    services.journaalpost_boek = post
    services.uitbetaling_batch_boek(batch_id=batch_id)
    print("KLAAR", flush=True)


if __name__ == "__main__":
    main()
