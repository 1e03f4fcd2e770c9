"""Celery tasks of the money app: they take ids, are idempotent and only call services."""

from celery import shared_task

from .controle import grootboek_controleer
from .services import bankafschrift_verwerk


@shared_task(
    name="inning.tasks.bankafschrift_verwerk",
    acks_late=True,
    autoretry_for=(ConnectionError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=1800,
    soft_time_limit=1700,
)
def bankafschrift_verwerk_taak(afschrift_id: int, actor_id: int | None = None) -> dict:
    """Book a stored statement. Safe to run twice: each line is unique per account + reference."""
    from accounts.models import User

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return bankafschrift_verwerk(afschrift_id=afschrift_id, actor=actor)


@shared_task(name="inning.tasks.grootboek_controle", acks_late=True, max_retries=0, time_limit=600)
def grootboek_controle_taak() -> dict:
    """Daily: check every ledger invariant and store the outcome (a failure shows on the staff dashboard)."""
    return grootboek_controleer(opslaan=True)


@shared_task(name="inning.tasks.achterstand_pdf_maak", acks_late=True, max_retries=2, time_limit=120)
def achterstand_pdf_maak(dossier_id: int, peildatum: str, actor_id: int | None = None) -> int:
    """Render the "specificatie achterstand" and store it with the dossier. One document per dossier per day."""
    from datetime import date

    from .achterstand_pdf import achterstand_pdf_opslaan

    return achterstand_pdf_opslaan(
        dossier_id=dossier_id, peildatum=date.fromisoformat(peildatum), actor_id=actor_id
    )
