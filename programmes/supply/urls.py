from django.urls import path

from programmes.supply import views

app_name = "supply"

urlpatterns = [
    path("supply-demand/", views.supply_demand_page, name="page"),
    path("supply-demand/export.csv", views.supply_demand_export, name="export"),
]
