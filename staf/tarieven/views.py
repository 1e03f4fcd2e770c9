"""The calculator pages (/rekenhulp/...): a plain form for people; the computation is the same as the API's
(``tarieven.rekenhulp``). GET shows the form, POST the result. Throttled per IP like the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View

from staf.tarieven.api import RekenhulpThrottle
from staf.tarieven.forms import AchterstandForm, IndexeringForm, ProvisieForm, WerkdagenForm
from tarieven import rekenhulp


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "tarieven/index.html")


class RekenhulpPagina(View):
    form_class: type[forms.Form]
    template_name: str
    titel: str

    def bereken(self, form: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _toon(
        self,
        request: HttpRequest,
        form: forms.Form,
        uitkomst: dict[str, Any] | None = None,
        status: int = 200,
    ):
        context = {"form": form, "uitkomst": uitkomst, "titel": self.titel}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._toon(request, self.form_class())

    def post(self, request: HttpRequest) -> HttpResponse:
        throttle = RekenhulpThrottle()
        if not throttle.allow_request(request, self):  # type: ignore[arg-type]
            return render(request, "tarieven/te_vaak.html", status=429)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self._toon(request, form, status=400)
        try:
            uitkomst = self.bereken(form)
        except rekenhulp.Rekenfout as fout:
            for veld, meldingen in fout.fouten.items():
                for melding in meldingen:
                    form.add_error(veld if veld in form.fields else None, melding)
            return self._toon(request, form, status=400)
        return self._toon(request, form, uitkomst)


class WerkdagenPagina(RekenhulpPagina):
    form_class = WerkdagenForm
    template_name = "tarieven/werkdagen.html"
    titel = "Werkdagen tellen"

    def bereken(self, form: Any) -> dict[str, Any]:
        return rekenhulp.werkdagen_rekenhulp(**form.cleaned_data)


class IndexeringPagina(RekenhulpPagina):
    form_class = IndexeringForm
    template_name = "tarieven/indexering.html"
    titel = "Indexering van alimentatie"

    def bereken(self, form: Any) -> dict[str, Any]:
        return rekenhulp.indexering_rekenhulp(**form.cleaned_data)


class ProvisiePagina(RekenhulpPagina):
    form_class = ProvisieForm
    template_name = "tarieven/provisie.html"
    titel = "Provisie berekenen"

    def bereken(self, form: Any) -> dict[str, Any]:
        return rekenhulp.provisie_rekenhulp(**form.cleaned_data)


class AchterstandPagina(RekenhulpPagina):
    form_class = AchterstandForm
    template_name = "tarieven/achterstand.html"
    titel = "Achterstand berekenen"

    def bereken(self, form: Any) -> dict[str, Any]:
        d = form.cleaned_data
        try:
            return rekenhulp.achterstand_rekenhulp(
                peildatum=d["peildatum"],
                verplichtingen=[form.verplichting()],
                betalingen=d["betalingen"],
                eenmalig=d["eenmalig"],
                stuitingen=d["stuitingen"],
            )
        except rekenhulp.Rekenfout as fout:
            # a missing indexation year is reported on the list of obligations; here it belongs to "indexeren"
            raise rekenhulp.Rekenfout(
                {("indexeren" if k == "verplichtingen" else k): v for k, v in fout.fouten.items()}
            ) from fout
