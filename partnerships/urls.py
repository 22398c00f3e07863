from django.urls import path

from partnerships import views

app_name = "partnerships"

urlpatterns = [
    path("schools/", views.school_list, name="school-list"),
    path("schools/<str:code>/", views.school_detail, name="school-detail"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation-accept"),
]
