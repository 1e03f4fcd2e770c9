"""Staff pages of the payout: batches, four-eyes approval, SEPA download, IBAN approvals, exports."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.roles import BEHEERDER, CASEMANAGER, FINANCIEEL
from dossiers.iban import iban_waarschuwingen
from nlai.http import bestand_pdf
from staf.uitbetaling.forms import AuditfileForm, BatchAfwijzenForm, BatchVoorbereidenForm, ExportForm
from uitbetaling import selectors
from uitbetaling.auditfile import auditfile_response
from uitbetaling.exports import export_response
from uitbetaling.iban import uitbetaling_iban_wijs_af
from uitbetaling.models import Factuur, SepaBestand, Uitbetaling, UitbetalingBatch
from uitbetaling.services import (
    UitbetalingFout,
    uitbetaling_batch_afwijzen,
    uitbetaling_batch_keur_goed,
    uitbetaling_batch_maak,
    uitbetaling_batch_vrijgeven,
    uitbetaling_iban_keur_goed,
    uitbetaling_sepa_download,
)


@staff_required(FINANCIEEL, BEHEERDER)
def batch_lijst(request):
    form = BatchVoorbereidenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = uitbetaling_batch_maak(week=form.cleaned_data["week"], door=request.user)
        except UitbetalingFout as exc:
            form.add_error("week", str(exc))
        else:
            messages.success(request, _("Batch %(week)s is voorbereid.") % {"week": batch.week})
            return redirect("uitbetaling:batch", pk=batch.pk)
    return render(
        request,
        "uitbetaling/batch_lijst.html",
        {
            "batches": selectors.batches()[:104],
            "form": form,
            "iban_wachtend": selectors.openstaande_iban_goedkeuringen().count(),
        },
    )


@staff_required(FINANCIEEL, BEHEERDER)
def batch_detail(request, pk: int, afwijs_form: BatchAfwijzenForm | None = None):
    batch = get_object_or_404(
        UitbetalingBatch.objects.select_related(
            "voorbereid_door", "vrijgegeven_door", "goedgekeurd_door", "afgewezen_door"
        ),
        pk=pk,
    )
    uitbetalingen = list(selectors.batch_uitbetalingen(batch=batch))
    open_ = batch.status in (UitbetalingBatch.Status.VOORBEREID, UitbetalingBatch.Status.VRIJGEGEVEN)
    automatisch = batch.voorbereid_door_id is None
    ik = request.user.pk
    return render(
        request,
        "uitbetaling/batch_detail.html",
        {
            "batch": batch,
            "uitbetalingen": uitbetalingen,
            "bestanden": selectors.batch_sepa_bestanden(batch=batch),
            "totaal_netto": sum(u.netto for u in uitbetalingen),
            "automatisch": automatisch,
            "mag_vrijgeven": automatisch and batch.status == UitbetalingBatch.Status.VOORBEREID,
            "mag_goedkeuren": (
                batch.status == UitbetalingBatch.Status.VRIJGEGEVEN and batch.vrijgegeven_door_id != ik
                if automatisch
                else batch.status == UitbetalingBatch.Status.VOORBEREID and batch.voorbereid_door_id != ik
            ),
            "mag_afwijzen": open_,
            "afwijs_form": afwijs_form or BatchAfwijzenForm(),
        },
        status=400 if afwijs_form is not None else 200,
    )


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_vrijgeven(request, pk: int):
    batch = get_object_or_404(UitbetalingBatch, pk=pk)
    try:
        uitbetaling_batch_vrijgeven(batch=batch, door=request.user)
    except UitbetalingFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Batch %(week)s is vrijgegeven. Een collega van financiën keurt hem nu goed (vier ogen).")
            % {"week": batch.week},
        )
    return redirect("uitbetaling:batch", pk=batch.pk)


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_goedkeuren(request, pk: int):
    batch = get_object_or_404(UitbetalingBatch, pk=pk)
    try:
        batch = uitbetaling_batch_keur_goed(batch=batch, door=request.user)
    except UitbetalingFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Batch %(week)s is goedgekeurd; het SEPA-bestand staat klaar.") % {"week": batch.week}
        )
        if batch.boeking_in_wachtrij is False:
            # The broker is down: the approval stands, the sweep books the batch when it is back.
            messages.warning(
                request,
                _(
                    "De boeking van de uitbetalingen kon nu niet worden ingepland. Die volgt vanzelf binnen "
                    "enkele minuten; u hoeft niets opnieuw te doen."
                ),
            )
    return redirect("uitbetaling:batch", pk=batch.pk)


@require_POST
@staff_required(FINANCIEEL, BEHEERDER)
def batch_afwijzen(request, pk: int):
    batch = get_object_or_404(UitbetalingBatch, pk=pk)
    form = BatchAfwijzenForm(request.POST)
    if not form.is_valid():
        return batch_detail(request, pk, afwijs_form=form)
    try:
        uitbetaling_batch_afwijzen(batch=batch, door=request.user, reden=form.cleaned_data["reden"])
    except UitbetalingFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Batch %(week)s is afgewezen. De bedragen gaan mee met de volgende batch.")
            % {"week": batch.week},
        )
    return redirect("uitbetaling:batch", pk=batch.pk)


@staff_required(FINANCIEEL, BEHEERDER)
def sepa_download(request, pk: int):
    bestand = get_object_or_404(
        SepaBestand.objects.select_related("batch").exclude(batch__status=UitbetalingBatch.Status.VOORBEREID),
        pk=pk,
    )
    uitbetaling_sepa_download(bestand=bestand, door=request.user)
    response = HttpResponse(bestand.xml.encode("utf-8"), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{bestand.msg_id}.xml"'
    response["Cache-Control"] = "no-store"
    return response


@staff_required(CASEMANAGER, FINANCIEEL, BEHEERDER)
def iban_lijst(request):
    from inning.selectors import eigen_rekeningen

    wachtend = list(selectors.openstaande_iban_goedkeuringen().select_related("client__iban_gewijzigd_door"))
    eigen = eigen_rekeningen()  # BUREAU_IBAN and the own accounts the beheerder keeps, read once for the list
    for u in wachtend:
        u.waarschuwingen = iban_waarschuwingen(client=u.client, iban=u.iban, eigen_rekeningen=eigen)
    return render(request, "uitbetaling/iban_lijst.html", {"wachtend": wachtend})


@require_POST
@staff_required(CASEMANAGER, BEHEERDER)
def iban_afwijzen(request, pk: int):
    u = get_object_or_404(Uitbetaling.objects.select_related("client"), pk=pk)
    try:
        client = uitbetaling_iban_wijs_af(
            uitbetaling=u, door=request.user, reden=request.POST.get("reden", "")
        )
    except UitbetalingFout as exc:
        messages.error(request, str(exc))
    else:
        if client.uitbetaal_iban:
            messages.success(
                request,
                _("Het nieuwe IBAN van %(naam)s is afgewezen; de uitbetaling gaat naar het vorige IBAN.")
                % {"naam": client.naam},
            )
        else:
            messages.warning(
                request,
                _(
                    "Het nieuwe IBAN van %(naam)s is afgewezen; er is geen vorig IBAN, dus de uitbetaling wacht."
                )
                % {"naam": client.naam},
            )
    return redirect("uitbetaling:iban")


@require_POST
@staff_required(CASEMANAGER, BEHEERDER)
def iban_goedkeuren(request, pk: int):
    u = get_object_or_404(Uitbetaling, pk=pk)
    try:
        uitbetaling_iban_keur_goed(uitbetaling=u, door=request.user)
    except UitbetalingFout as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Het nieuwe IBAN van %(naam)s is goedgekeurd.") % {"naam": u.client.naam})
    return redirect("uitbetaling:iban")


@staff_required(FINANCIEEL, BEHEERDER)
def export(request):
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        d = form.cleaned_data
        return export_response(soort=d["soort"], van=d["van"], tot=d["tot"], dialect=d["dialect"])
    return render(request, "uitbetaling/export.html", {"form": form, "xaf_form": AuditfileForm()})


@staff_required(FINANCIEEL, BEHEERDER)
def auditfile(request):
    """The journal of a period as an XAF 3.2 auditfile; a wrong period shows the export page with the error."""
    form = AuditfileForm(request.GET or None)
    if request.GET and form.is_valid():
        return auditfile_response(van=form.cleaned_data["van"], tot=form.cleaned_data["tot"])
    return render(request, "uitbetaling/export.html", {"form": ExportForm(), "xaf_form": form})


@staff_required(FINANCIEEL, BEHEERDER)
def specificatie_pdf(request, pk: int):
    u = get_object_or_404(Uitbetaling, pk=pk)
    return bestand_pdf(u.specificatie_pdf, f"specificatie-{u.end_to_end_id}.pdf")


@staff_required(FINANCIEEL, BEHEERDER)
def factuur_pdf(request, pk: int):
    f = get_object_or_404(Factuur, pk=pk)
    return bestand_pdf(f.pdf, f"factuur-{f.nummer}.pdf")
