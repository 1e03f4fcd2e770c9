from django.urls import path

from . import api

urlpatterns = [
    path("dossiers/", api.DossiersLijst.as_view(), name="dossiers-lijst"),
    path("dossiers/<int:pk>/", api.DossierDetail.as_view(), name="dossiers-detail"),
]
