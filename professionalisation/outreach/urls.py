"""The pages of outreach, part by part (views/visits.py, views/pal.py, views/orientation.py)."""

from django.urls import path

from professionalisation.outreach.views import orientation, pal, visit_public, visits

app_name = "outreach"

PAL = "professionalisation/outreach/pal"
VISITS = "professionalisation/outreach/visits"

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
    # The list shows anonymous visitors the public form (views/visit_public.py), the others their visits.
    path("professionalisation/outreach/visits/", visit_public.visit_list, name="visit-list"),
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
    # A teacher without an account (views/visit_public.py): the public form, the link that verifies
    # their address, and the secret page of their request.
    path(f"{VISITS}/ask/", visit_public.visit_ask, name="visit-ask"),
    path(f"{VISITS}/ask/schools/", visit_public.visit_ask_schools, name="visit-ask-schools"),
    path(f"{VISITS}/ask/sent/", visit_public.visit_ask_sent, name="visit-ask-sent"),
    path(f"{VISITS}/verify/<str:token>/", visit_public.visit_verify, name="visit-verify"),
    path(f"{VISITS}/school/<str:token>/", visit_public.visit_school, name="visit-school"),
    path(f"{VISITS}/school/<str:token>/visit.ics", visit_public.visit_school_calendar, name="visit-school-calendar"),
    path(f"{VISITS}/school/<str:token>/<slug:move>/", visit_public.visit_school_move, name="visit-school-move"),
    # Orientation on the teaching profession (views/orientation.py): staff's funnel.
    path("professionalisation/orientation/funnel/", orientation.funnel, name="orientation-funnel"),
]
