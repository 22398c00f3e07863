from django.urls import path

from programmes.supply.api.views import SupplyDemandView

urlpatterns = [
    path("supply-demand/", SupplyDemandView.as_view(), name="supply-demand"),
]
