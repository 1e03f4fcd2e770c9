from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import client_required


@client_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portaal/home.html")
