"""The calculator pages, mounted at /rekenhulp/ by ``nlai.urls``."""

from django.urls import path

from staf.tarieven import views

app_name = "tarieven"

urlpatterns = [
    path("", views.index, name="index"),
    path("werkdagen/", views.WerkdagenPagina.as_view(), name="werkdagen"),
    path("indexering/", views.IndexeringPagina.as_view(), name="indexering"),
    path("provisie/", views.ProvisiePagina.as_view(), name="provisie"),
    path("achterstand/", views.AchterstandPagina.as_view(), name="achterstand"),
]
