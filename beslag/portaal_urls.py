app_name = "beslag_portaal"

urlpatterns: list = []
