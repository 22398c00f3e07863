"""The pages of outreach, part by part (views/visits.py, views/pal.py, views/orientation.py)."""

from django.urls import path

from professionalisation.outreach.views import orientation, pal, visits

app_name = "outreach"

PAL = "professionalisation/outreach/pal"

urlpatterns: list = [
    path(f"{PAL}/school/", pal.school_page, name="pal-school"),
    path(f"{PAL}/school/request/", pal.request_create, name="pal-request-create"),
    path(f"{PAL}/requests/<int:pk>/withdraw/", pal.request_withdraw, name="pal-request-withdraw"),
    path(f"{PAL}/requests/<int:pk>/assign/", pal.request_assign, name="pal-request-assign"),
    path(f"{PAL}/assignments/<int:pk>/confirm/", pal.assignment_confirm, name="pal-assignment-confirm"),
    path(f"{PAL}/assignments/<int:pk>/decline/", pal.assignment_decline, name="pal-assignment-decline"),
    path(f"{PAL}/assignments/<int:pk>/hours/", pal.hours_log, name="pal-hours-log"),
    path(f"{PAL}/hours/<int:pk>/confirm/", pal.hours_confirm, name="pal-hours-confirm"),
    path(f"{PAL}/hours/<int:pk>/reject/", pal.hours_reject, name="pal-hours-reject"),
    path(f"{PAL}/hours/<int:pk>/delete/", pal.hours_delete, name="pal-hours-delete"),
    path(f"{PAL}/mine/", pal.student_page, name="pal-mine"),
    path(f"{PAL}/staff/", pal.staff_page, name="pal-staff"),
    path(f"{PAL}/staff/export/<str:fmt>/", pal.payroll_export, name="pal-export"),
    path("professionalisation/outreach/visits/", visits.visit_list, name="visit-list"),
    path("professionalisation/outreach/visits/new/", visits.visit_request, name="visit-request"),
    path("professionalisation/outreach/visits/figures/", visits.visit_figures, name="visit-figures"),
    path("professionalisation/outreach/visits/figures/figures.csv", visits.visit_figures_csv, name="visit-figures-csv"),
    path("professionalisation/outreach/visits/researcher/", visits.researcher_me, name="researcher-me"),
    path(
        "professionalisation/outreach/visits/researcher/periods/<int:pk>/remove/",
        visits.researcher_period_remove,
        name="researcher-period-remove",
    ),
    path("professionalisation/outreach/visits/<int:pk>/", visits.visit_detail, name="visit-detail"),
    path("professionalisation/outreach/visits/<int:pk>/visit.ics", visits.visit_calendar, name="visit-calendar"),
    path(
        "professionalisation/outreach/visits/<int:pk>/<slug:move>/",
        visits.visit_move,
        name="visit-move",
    ),
    path("professionalisation/outreach/visits/answer/<str:token>/", visits.visit_answer, name="visit-answer"),
    # Orientation on the teaching profession (views/orientation.py): staff's funnel.
    path("professionalisation/orientation/funnel/", orientation.funnel, name="orientation-funnel"),
]
