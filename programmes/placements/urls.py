from django.urls import path

from programmes.placements.views import school as views_school
from programmes.placements.views import staff as views_staff
from programmes.placements.views import trainee as views_trainee

app_name = "placements"

urlpatterns = [
    # Placement staff (programmes/placements/views/staff.py).
    path("placements/matching/", views_staff.matching_view, name="matching"),
    path("placements/matching/assign/", views_staff.matching_assign, name="matching-assign"),
    path("placements/overview/", views_staff.overview, name="overview"),
    path("placements/overview/export.<str:fmt>", views_staff.overview_export, name="overview-export"),
    # The partner-school portal (programmes/placements/views/school.py).
    path("placements/school/", views_school.dashboard, name="school-dashboard"),
    path("placements/school/offers/", views_school.offer_list, name="school-offer-list"),
    path("placements/school/offers/new/", views_school.offer_create, name="school-offer-create"),
    path("placements/school/offers/<int:pk>/edit/", views_school.offer_edit, name="school-offer-edit"),
    path("placements/school/placements/<int:pk>/", views_school.placement_detail, name="school-placement"),
    path("placements/school/evaluations/<int:pk>/", views_school.evaluation_edit, name="evaluation-edit"),
    # The trainee's pages (programmes/placements/views/trainee.py).
    path("placements/mine/", views_trainee.mine, name="mine"),
    path("placements/mine/<int:application_pk>/wishes/", views_trainee.wishes, name="trainee-wishes"),
    path(
        "placements/mine/<int:application_pk>/employment/",
        views_trainee.register_employment,
        name="trainee-employment",
    ),
]
