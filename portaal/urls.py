from django.urls import path

from . import views

app_name = "portaal"

urlpatterns = [
    path("", views.home, name="home"),
]
