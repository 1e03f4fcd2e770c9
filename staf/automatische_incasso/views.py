"""Staff pages of SEPA direct debit: collection batches (prepare, release, approve, reject, download the
pain.008 file: financieel) and recording or revoking a debtor's paper mandate (case manager)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from automatische_incasso.models import Incasso, Incassobatch, Machtiging
from automatische_incasso.services import (
    IncassoFout,
    incassobatch_afwijzen,
    incassobatch_download,
    incassobatch_keur_goed,
    incassobatch_maak,
    incassobatch_vrijgeven,
    machtiging_geef,
    machtiging_trek_in,
    reden_tekst,
)
from incasso.models import Betalingsregeling
from nlai.http import fouten_op_form

from .forms import BatchAfwijzenForm, MachtigingForm


@staff_required(FINANCIEEL, BEHEERDER)
def batch_lijst(request):
    if request.method == "POST":
        try:
            batch = incassobatch_maak(door=request.user)
        except IncassoFout as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Incassobatch %(naam)s is voorbereid.") % {"naam": batch.naam})
            return redirect("automatische_incasso:batch", pk=batch.pk)
        return redirect("automatische_incasso:batches")
    stornos = (
        Incasso.objects.filter(status=Incasso.Status.GESTORNEERD)
        .select_related("termijn__regeling__dossier")
        .order_by("-gestorneerd_op", "-id")[:50]
    )
    return render(
        request,
        "automatische_incasso/batches.html",
        {
            "batches": Incassobatch.objects.select_related("voorbereid_door", "goedgekeurd_door")[:104],
            "stornos": [(i, reden_tekst(i.retourcode)) for i in stornos],
        },
    )


@staff_required(FINANCIEEL, BEHEERDER)
def batch_detail(request, pk: int, afwijs_form: BatchAfwijzenForm | None = None):
    batch = get_object_or_404(Incassobatch, pk=pk)
    incasso_s = list(batch.incasso_s.select_related("machtiging", "termijn__regeling__dossier"))
    automatisch = batch.voorbereid_door_id is None
    ik = request.user.pk
    return render(
        request,
        "automatische_incasso/batch.html",
        {
            "batch": batch,
            "incasso_s": [(i, reden_tekst(i.retourcode) if i.retourcode else "") for i in incasso_s],
            "totaal": sum(i.bedrag for i in incasso_s if i.status != Incasso.Status.VERVALLEN),
            "automatisch": automatisch,
            "mag_vrijgeven": automatisch and batch.status == Incassobatch.Status.VOORBEREID,
            "mag_goedkeuren": (
                batch.status == Incassobatch.Status.VRIJGEGEVEN and batch.vrijgegeven_door_id != ik
                if automatisch
                else batch.status == Incassobatch.Status.VOORBEREID and batch.voorbereid_door_id != ik
            ),
            "mag_afwijzen": batch.status in (Incassobatch.Status.VOORBEREID, Incassobatch.Status.VRIJGEGEVEN),
            "afwijs_form": afwijs_form or BatchAfwijzenForm(),
        },
        status=400 if afwijs_form is not None else 200,
    )


def _actie(request, pk: int, service, gelukt: str, **extra):
    batch = get_object_or_404(Incassobatch, pk=pk)
    try:
        service(batch=batch, door=request.user, **extra)
    except IncassoFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, gelukt % {"naam": batch.naam})
    return redirect("automatische_incasso:batch", pk=batch.pk)


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_vrijgeven(request, pk: int):
    return _actie(
        request, pk, incassobatch_vrijgeven, _("Batch %(naam)s is vrijgegeven; een collega keurt hem goed.")
    )


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_goedkeuren(request, pk: int):
    return _actie(
        request,
        pk,
        incassobatch_keur_goed,
        _("Batch %(naam)s is goedgekeurd; het incassobestand staat klaar."),
    )


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_afwijzen(request, pk: int):
    form = BatchAfwijzenForm(request.POST)
    if not form.is_valid():
        return batch_detail(request, pk, afwijs_form=form)
    return _actie(
        request,
        pk,
        incassobatch_afwijzen,
        _("Batch %(naam)s is afgewezen."),
        reden=form.cleaned_data["reden"],
    )


@staff_required(FINANCIEEL, BEHEERDER)
def batch_download(request, pk: int):
    batch = get_object_or_404(Incassobatch, pk=pk, status=Incassobatch.Status.GOEDGEKEURD)
    incassobatch_download(batch=batch, door=request.user)
    response = HttpResponse(batch.xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{batch.msg_id}.xml"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required(CASEMANAGER, BEHEERDER)
def machtiging_vastleggen(request, regeling_id: int):
    """A case manager records the debtor's signed paper mandate for a running arrangement."""
    regeling = get_object_or_404(
        Betalingsregeling.objects.select_related("dossier__debiteur"), pk=regeling_id
    )
    form = MachtigingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            machtiging_geef(
                regeling=regeling, bron=Machtiging.Bron.PAPIER, door=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            fouten_op_form(form, exc)
        else:
            messages.success(request, _("De machtiging is vastgelegd."))
            return redirect("automatische_incasso:machtiging", regeling_id=regeling.pk)
    return render(
        request,
        "automatische_incasso/machtiging_vastleggen.html",
        {
            "regeling": regeling,
            "form": form,
            "machtigingen": regeling.machtigingen.all(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required(CASEMANAGER, BEHEERDER)
def machtiging_intrekken(request, pk: int):
    m = get_object_or_404(Machtiging, pk=pk)
    machtiging_trek_in(machtiging=m, door=request.user)
    messages.success(request, _("Machtiging %(kenmerk)s is ingetrokken.") % {"kenmerk": m.kenmerk})
    return redirect("automatische_incasso:machtiging", regeling_id=m.regeling_id)
