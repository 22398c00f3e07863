from django.urls import path

from programmes.shortlist import views

app_name = "shortlist"

# Under /shortlist/ rather than /routes/shortlist/: the catalogue's /routes/<slug>/ (a pathway)
# comes first and would take "shortlist" for a route's slug.
urlpatterns = [
    path("shortlist/", views.shortlist, name="list"),
    path("shortlist/save/", views.route_save, name="save"),
    path("shortlist/remove/", views.route_remove, name="remove"),
    path("shortlist/<int:pk>/delete/", views.saved_route_delete, name="delete"),
    path("shortlist/email/", views.shortlist_email, name="email"),
    path("shortlist/finder-answer/email/", views.finder_email, name="finder-email"),
]
