from django.urls import path

from professionalisation.completion.views import dashboard, participant, staff

app_name = "completion"

urlpatterns = [
    # Staff: attendance per meeting, evaluations and completion per session (views/staff.py).
    path("professionalisation/attendance/", staff.meeting_list, name="meetings"),
    path("professionalisation/meetings/<int:pk>/attendance/", staff.attendance, name="attendance"),
    path("professionalisation/sessions/<int:pk>/evaluations/", staff.session_evaluations, name="session-evaluations"),
    # The participant (views/participant.py); the verification page is public.
    path("professionalisation/mine/certificates/", participant.mine, name="mine"),
    path("professionalisation/certificates/<int:pk>/pdf/", participant.certificate_pdf, name="certificate-pdf"),
    path(
        "professionalisation/registrations/<int:pk>/evaluation/",
        participant.evaluation,
        name="evaluation",
    ),
    path("professionalisation/verify/<str:code>/", participant.certificate_verify, name="certificate-verify"),
]

# Staff: the dashboard of professional development (views/dashboard.py).
urlpatterns += [
    path("professionalisation/dashboard/", dashboard.overview, name="dashboard"),
    path("professionalisation/dashboard/activities/<slug:slug>/", dashboard.activity, name="dashboard-activity"),
]
