"""Celery tasks of the bank app: they take ids, are idempotent and call one service each."""

from celery import shared_task


@shared_task(
    name="bank.tasks.bankafschrift_verwerk",
    acks_late=True,
    autoretry_for=(ConnectionError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=1800,
    soft_time_limit=1700,
)
def bankafschrift_verwerk_taak(afschrift_id: int, door_id: int | None = None) -> dict:
    """Book a stored statement. Safe to run twice: each line is unique per account + reference."""
    from accounts.models import User

    from .services import bankafschrift_verwerk

    door = User.objects.filter(pk=door_id).first() if door_id else None
    return bankafschrift_verwerk(afschrift_id=afschrift_id, door=door)


@shared_task(name="bank.tasks.grootboek_controle", acks_late=True, max_retries=0, time_limit=600)
def grootboek_controle_taak() -> dict:
    """Daily: check every ledger invariant and store the outcome (a failure shows on the staff dashboard)."""
    from .controle import grootboek_controleer

    return grootboek_controleer(opslaan=True)
