"""The two public beslag calculator pages (mounted at /rekenhulp/beslag/): same computation as the API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from beslag import rekenhulp, selectors
from staf.beslag import forms
from staf.tarieven.views import RekenhulpPagina


class BtagPagina(RekenhulpPagina):
    form_class = forms.BtagRekenForm
    template_name = "beslag/rekenhulp_btag.html"
    titel = "Tarief van de deurwaarder (Btag)"

    def _form(self, data=None):
        return forms.BtagRekenForm(data, handelingen=selectors.btag_handelingen())

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._toon(request, self._form())

    def post(self, request: HttpRequest) -> HttpResponse:
        self.form_class = lambda data: self._form(data)  # type: ignore[assignment,misc]
        return super().post(request)

    def bereken(self, form: Any) -> dict[str, Any]:
        return rekenhulp.btag_rekenhulp(**form.cleaned_data)


class BvvPagina(RekenhulpPagina):
    form_class = forms.BvvRekenForm
    template_name = "beslag/rekenhulp_bvv.html"
    titel = "Beslagvrije voet berekenen"

    def bereken(self, form: Any) -> dict[str, Any]:
        return rekenhulp.bvv_rekenhulp(**form.cleaned_data)
