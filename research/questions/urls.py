"""The pages of research questions (views.py, views_public.py)."""

from django.urls import path

from research.questions import views, views_public

app_name = "research_questions"

urlpatterns = [
    path("research/questions/", views.question_list, name="list"),
    path("research/questions/new/", views.question_new, name="new"),
    path("research/questions/queue/", views.question_queue, name="queue"),
    path("research/questions/answered/", views.public_list, name="public-list"),
    path("research/questions/theses/", views.thesis_list, name="theses"),
    path("research/questions/ask/", views_public.question_ask, name="ask"),
    path("research/questions/ask/schools/", views_public.question_ask_schools, name="ask-schools"),
    path("research/questions/ask/sent/", views_public.question_ask_sent, name="ask-sent"),
    path("research/questions/ask/verify/<str:token>/", views_public.question_verify, name="verify"),
    path("research/questions/<int:pk>/", views.question_detail, name="detail"),
    path(
        "research/questions/<int:pk>/<slug:move>/",
        views.question_move,
        name="move",
    ),
]
