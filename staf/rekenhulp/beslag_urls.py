"""Public calculator pages; the lead mounts this at /rekenhulp/beslag/."""

from django.urls import path

from staf.rekenhulp import beslag_views as views_public

app_name = "beslag_rekenhulp"

urlpatterns = [
    path("btag/", views_public.BtagPagina.as_view(), name="btag"),
    path("beslagvrije-voet/", views_public.BvvPagina.as_view(), name="bvv"),
]
