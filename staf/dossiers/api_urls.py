from django.urls import path

from staf.dossiers import api

urlpatterns = [
    path("dossiers/", api.DossiersLijst.as_view(), name="dossiers-lijst"),
    path("dossiers/<int:pk>/", api.DossierDetail.as_view(), name="dossiers-detail"),
]
