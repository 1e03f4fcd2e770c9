"""The beslag calculators under /api/v1/rekenhulp/ (mounted by ``nlai.api_urls``)."""

from django.urls import path

from staf.beslag import api

urlpatterns = [
    path("rekenhulp/btag/", api.BtagView.as_view(), name="api-rekenhulp-btag"),
    path(
        "rekenhulp/beslagvrije-voet/",
        api.BeslagvrijeVoetView.as_view(),
        name="api-rekenhulp-beslagvrije-voet",
    ),
]
