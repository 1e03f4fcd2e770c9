"""Celery tasks of the money app: they take ids, are idempotent and only call services. The bank
statement and the ledger check are the ``bank`` app's tasks."""

from celery import shared_task


@shared_task(name="inning.tasks.achterstand_pdf_maak", acks_late=True, max_retries=2, time_limit=120)
def achterstand_pdf_maak(dossier_id: int, peildatum: str, door_id: int | None = None) -> int:
    """Render the "specificatie achterstand" and store it with the dossier. One document per dossier per day."""
    from datetime import date

    from .achterstand_pdf import achterstand_pdf_opslaan

    return achterstand_pdf_opslaan(
        dossier_id=dossier_id, peildatum=date.fromisoformat(peildatum), door_id=door_id
    )
