"""The pages of the knowledge base (views.py): the principles and a principle's page."""

from django.urls import path

from research.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("research/principles/", views.principle_list, name="list"),
    path("research/principles/<slug:slug>/", views.principle_detail, name="detail"),
]
