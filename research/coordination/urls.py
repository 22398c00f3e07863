"""The pages of higher-education research coordination (views.py): the requester's and the team's."""

from django.urls import path

from research.coordination import views

app_name = "research_coordination"

BASE = "research/support"

urlpatterns = [
    path(f"{BASE}/", views.request_list, name="list"),
    path(f"{BASE}/new/", views.request_create, name="create"),
    path(f"{BASE}/queue/", views.queue, name="queue"),
    path(f"{BASE}/<int:pk>/", views.request_detail, name="detail"),
    path(f"{BASE}/<int:pk>/message/", views.request_message, name="message"),
    path(f"{BASE}/<int:pk>/withdraw/", views.request_withdraw, name="withdraw"),
    path(f"{BASE}/<int:pk>/status/", views.request_transition, name="transition"),
    path(f"{BASE}/<int:pk>/assign/", views.request_assign, name="assign"),
    path(f"{BASE}/<int:pk>/notes/", views.request_notes, name="notes"),
]
