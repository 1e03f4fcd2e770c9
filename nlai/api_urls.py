"""/api/v1/: each app contributes its own `api_urls` module."""

from django.urls import include, path

urlpatterns = [
    path("", include("tarieven.api_urls")),
    path("", include("dossiers.api_urls")),
    path("", include("portaal.api_urls")),
    path("", include("inning.api_urls")),
    path("", include("incasso.api_urls")),
    path("", include("beslag.api_urls")),
    path("", include("uitbetaling.api_urls")),
]
