from django.urls import path

from professionalisation.activities.views import calendar, catalogue, participant, school

app_name = "activities"

urlpatterns = [
    # The participant's own pages and actions (professionalisation/activities/views/participant.py);
    # before the catalogue's <slug> so that their words are never read as an activity's slug.
    path("professionalisation/mine/", participant.mine, name="mine"),
    path("professionalisation/sessions/<int:pk>/register/", participant.register, name="register"),
    path("professionalisation/activities/<slug:slug>/wait/", participant.wait_any, name="wait-any"),
    path(
        "professionalisation/registrations/<int:pk>/cancel/",
        participant.registration_cancel,
        name="registration-cancel",
    ),
    path("professionalisation/waiting/<int:pk>/leave/", participant.waiting_leave, name="waiting-leave"),
    path("professionalisation/offers/<str:token>/", participant.offer, name="offer"),
    # The school's page and the invitations it sends (professionalisation/activities/views/school.py).
    path("professionalisation/school/", school.school_home, name="school-home"),
    path("professionalisation/school/<int:pk>/", school.school, name="school"),
    path(
        "professionalisation/invitations/<int:pk>/withdraw/",
        school.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("professionalisation/invitations/<str:token>/", school.invitation, name="invitation"),
    # Calendar feeds (professionalisation/activities/views/calendar.py): the participant's page with
    # their secret address, its renewal, the private feed and the public feed of an activity.
    path("professionalisation/calendar/", calendar.calendar_page, name="calendar"),
    path("professionalisation/calendar/renew/", calendar.calendar_renew, name="calendar-renew"),
    path("professionalisation/calendar/<str:token>.ics", calendar.participant_feed, name="calendar-feed"),
    path(
        "professionalisation/activities/<slug:slug>/calendar.ics",
        calendar.activity_feed,
        name="activity-calendar",
    ),
    # The public catalogue (professionalisation/activities/views/catalogue.py).
    path("professionalisation/", catalogue.activity_list, name="list"),
    path("professionalisation/activities/<slug:slug>/", catalogue.activity_detail, name="detail"),
]
