"""The e-mail outbox: every e-mail is first a row (`UitgaandeEmail`), then sent by a Celery task.

`email_plaats` is idempotent by `sleutel` (unique): placing the same e-mail twice returns the first row and
queues nothing new. The task `email_verstuur` locks the row, skips it when already sent, and retries with
exponential backoff; after the last try the e-mail is marked `mislukt` and the case manager gets a task.
Anyone may use it: `email_plaats(aan=..., onderwerp=..., tekst=..., documenten=[doc], dossier=d, sleutel=...)`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from dossiers.models import Document, Dossier

from .models import UitgaandeEmail


def email_plaats(
    *,
    aan: str,
    onderwerp: str,
    tekst: str,
    documenten: Iterable[Document] = (),
    dossier: Dossier | None = None,
    sleutel: str,
) -> UitgaandeEmail:
    """Queue an e-mail (sent after commit). The same `sleutel` never yields a second e-mail."""
    if not sleutel:
        raise ValueError("email_plaats: een sleutel is verplicht (idempotentie)")
    bestaand = UitgaandeEmail.objects.filter(sleutel=sleutel).first()
    if bestaand is not None:
        return bestaand
    try:
        with transaction.atomic():
            email = UitgaandeEmail.objects.create(
                aan=aan, onderwerp=onderwerp[:200], tekst=tekst, dossier=dossier, sleutel=sleutel
            )
            docs = list(documenten)
            if docs:
                email.documenten.set(docs)
    except IntegrityError:  # placed concurrently by another run
        return UitgaandeEmail.objects.get(sleutel=sleutel)

    from .tasks import email_verstuur

    transaction.on_commit(lambda: email_verstuur.delay(email.pk))
    return email
