"""End to end with a real Celery worker on Redis: the accepted order's reminder is rendered, stored, e-mailed
with its PDF through the outbox (a second task on the queue), and a rerun makes no second letter."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from incasso.models import Brief, UitgaandeEmail
from recht.geld import euro
from tests.worker import celery_worker, wait_until

from .factories import geaccepteerd_dossier

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
REDIS_DB = 6


def _verstuurd(brief_sleutel: str) -> bool:
    return UitgaandeEmail.objects.filter(sleutel=f"brief:{brief_sleutel}", status="verstuurd").exists()


def test_accepted_order_gets_its_reminder_pdf_and_email_from_a_real_worker_once(
    settings, casemanager, monkeypatch
):
    from incasso import tasks
    from incasso.services import opdracht_accepteer

    nu = timezone.now()
    dossier = geaccepteerd_dossier(ontvangen_op=nu - timedelta(hours=1), status="intake")
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.incasso.worker_settings",
        "INCASSO_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with celery_worker(redis_db=REDIS_DB, extra_env=env) as worker:
        # The test process is eager; route the `.delay` that acceptance does on commit to the real worker.
        monkeypatch.setattr(
            tasks.eerste_aanmaning,
            "delay",
            lambda pk: worker.send("incasso.tasks.eerste_aanmaning", args=(pk,)),
        )
        opdracht_accepteer(dossier=dossier, door=casemanager)
        wait_until(lambda: _verstuurd(f"aanmaning:{dossier.pk}"), timeout=90)
        worker.send("incasso.tasks.eerste_aanmaning", args=(dossier.pk,))  # the task runs again
        worker.send("nlai.tasks.heartbeat")  # a marker: once it ran, the rerun before it has finished
        from nlai.models import WorkerHeartbeat

        wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=60)

    brief = Brief.objects.get(dossier=dossier)
    assert Brief.objects.filter(dossier=dossier).count() == 1
    with brief.document.bestand.open("rb") as f:
        tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages)
    assert euro(brief.bedrag) in tekst and brief.bedrag > 0
    assert dossier.betaalkenmerk in tekst
    email = UitgaandeEmail.objects.get(sleutel=f"brief:{brief.sleutel}")
    assert email.status == "verstuurd" and email.pogingen == 1
    assert list(email.documenten.all()) == [brief.document]
    assert UitgaandeEmail.objects.filter(sleutel__startswith="brief:").count() == 1
    assert brief.datum == timezone.localdate()
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the test process itself stayed eager; the worker did the work
