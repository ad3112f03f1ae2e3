from django.urls import path

from . import views

urlpatterns = [
    # PDF downloads and, later, workflow actions.
    path("filings/<int:pk>/pdf/", views.filing_pdf, name="filing_pdf"),
    path("filings/<int:pk>/pdf/<int:attachment>/", views.filing_pdf, name="filing_attachment_pdf"),
]
