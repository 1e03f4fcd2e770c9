"""``{% achterstanden dossiers as bedragen %}``: the open arrears of a page of dossiers for the staff list, in a
fixed number of queries (``inning.achterstand.dossiers_achterstand``), as ``{dossier_id: Decimal | None}``.
The dossier list (``dossiers``) sits below the ledger, so it takes the figure through this tag."""

from decimal import Decimal

from django import template

register = template.Library()


@register.simple_tag
def achterstanden(dossiers) -> dict[int, Decimal | None]:
    from inning.achterstand import dossier_achterstand, dossiers_achterstand
    from recht import OngeldigeInvoer, TariefOntbreekt

    ids = [d.pk for d in dossiers]
    try:
        return {pk: o.totaal.open for pk, o in dossiers_achterstand(dossier_ids=ids)}
    except (TariefOntbreekt, OngeldigeInvoer):
        # One dossier cannot be computed (a table value missing): the others still show theirs.
        uit: dict[int, Decimal | None] = {}
        for d in dossiers:
            try:
                uit[d.pk] = dossier_achterstand(dossier=d).totaal.open
            except (TariefOntbreekt, OngeldigeInvoer):
                uit[d.pk] = None
        return uit


@register.filter
def van(bedragen: dict, pk: int):
    """``{{ bedragen|van:d.pk }}``"""
    return bedragen.get(pk)
