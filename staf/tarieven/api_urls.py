"""The calculators under /api/v1/rekenhulp/ (mounted by ``nlai.api_urls``)."""

from django.urls import path

from staf.tarieven import api

urlpatterns = [
    path("rekenhulp/werkdagen/", api.WerkdagenView.as_view(), name="api-rekenhulp-werkdagen"),
    path("rekenhulp/indexering/", api.IndexeringView.as_view(), name="api-rekenhulp-indexering"),
    path("rekenhulp/provisie/", api.ProvisieView.as_view(), name="api-rekenhulp-provisie"),
    path("rekenhulp/achterstand/", api.AchterstandView.as_view(), name="api-rekenhulp-achterstand"),
]
