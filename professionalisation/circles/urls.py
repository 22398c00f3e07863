from django.urls import path

from professionalisation.circles.views import circles, paths, research_questions

app_name = "circles"

urlpatterns = [
    path("professionalisation/paths/", paths.path_list, name="path-list"),
    path("professionalisation/paths/<slug:slug>/", paths.path_detail, name="path-detail"),
    path("professionalisation/paths/<slug:slug>/progress/", paths.path_progress, name="path-progress"),
    path("professionalisation/circles/", circles.circle_list, name="list"),
    path("professionalisation/circles/<int:pk>/", circles.circle_detail, name="detail"),
    path("professionalisation/circles/<int:pk>/questions/", circles.question_submit, name="question-submit"),
    path("professionalisation/circles/<int:pk>/products/", circles.product_add, name="product-add"),
    path("professionalisation/circles/<int:pk>/meetings/", circles.meeting_add, name="meeting-add"),
    path("professionalisation/questions/<int:pk>/status/", circles.question_status, name="question-status"),
    path("professionalisation/school-circles/", circles.school_circles, name="school"),
    path(
        "professionalisation/research-questions/<int:pk>/circle/",
        research_questions.research_question_link,
        name="research-question-link",
    ),
]
