from django.urls import path

from programmes.intake import letters, views
from programmes.intake import views_privacy as privacy

app_name = "intake"

urlpatterns = [
    # Before any applications/<...>/ route: "my-data" must never be read as an application.
    path("applications/my-data/", privacy.data_export, name="data-export"),
    # The applicant's pages (programmes/intake/views.py).
    path("applications/", views.application_list, name="application-list"),
    path("applications/start/<slug:slug>/", views.application_start, name="application-start"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/<slug:step>/", views.application_step, name="application-step"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/requests/<int:request_pk>/answer/", views.request_answer, name="request-answer"),
    path("applications/<int:pk>/documents/", views.document_upload, name="document-upload"),
    path("applications/<int:pk>/documents/<int:document_pk>/", views.document_download, name="document-download"),
    # Decision letters (programmes/intake/letters.py).
    path("applications/<int:pk>/letter/", letters.application_letter, name="application-letter"),
    path("applications/<int:pk>/letter.pdf", letters.application_letter_pdf, name="application-letter-pdf"),
]
