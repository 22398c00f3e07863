from django.urls import path

from programmes.support import views

app_name = "support"

urlpatterns = [
    path("support/", views.home, name="home"),
    path("support/new/", views.question_new, name="new"),
    path("support/queue/", views.queue, name="queue"),
    path("support/articles/", views.article_list, name="articles"),
    path("support/articles/<str:key>/", views.article_detail, name="article-detail"),
    path("support/articles/<str:key>/publish/", views.article_publish, name="article-publish"),
    path("support/<int:pk>/", views.question_detail, name="detail"),
    path("support/<int:pk>/reply/", views.question_reply, name="reply"),
    path("support/<int:pk>/assign/", views.question_assign, name="assign"),
    path("support/<int:pk>/close/", views.question_close, name="close"),
    path("support/<int:pk>/reopen/", views.question_reopen, name="reopen"),
    path("support/<int:pk>/article/", views.question_make_article, name="make-article"),
]
