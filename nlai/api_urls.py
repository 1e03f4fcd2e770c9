"""/api/v1/: each app contributes its own `api_urls` module."""

from django.urls import include, path

urlpatterns = [
    path("", include("staf.tarieven.api_urls")),
    path("", include("staf.dossiers.api_urls")),
    path("", include("portaal.api_urls")),
    path("", include("portaal.debiteur.api_urls")),
    path("", include("staf.inning.api_urls")),
    path("", include("staf.incasso.api_urls")),
    path("", include("staf.beslag.api_urls")),
    path("", include("staf.uitbetaling.api_urls")),
]
