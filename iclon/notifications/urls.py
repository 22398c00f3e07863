from django.urls import path

from iclon.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("preferences/", views.preferences, name="preferences"),
    path("read/", views.notification_read, name="read-all"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]
