from django.urls import path

from staf.uitbetaling import api

urlpatterns = [
    path("export/<str:soort>/", api.ExportView.as_view(), name="api-export"),
]
