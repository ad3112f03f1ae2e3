from django.urls import path

from . import batch_views, dashboard_views, queue_views, review_views, views

urlpatterns = [
    path("filings/<int:pk>/pdf/", views.filing_pdf, name="filing_pdf"),
    path("filings/<int:pk>/pdf/<int:attachment>/", views.filing_pdf, name="filing_attachment_pdf"),
    # The review workflow (approvals.services does the work).
    path("filings/<int:pk>/submit/", review_views.submit, name="filing_submit"),
    path("filings/<int:pk>/act/<slug:action>/", review_views.act, name="filing_act"),
    path("filings/<int:pk>/review/", review_views.review, name="filing_review"),
    path("filings/<int:pk>/decide/", review_views.decide, name="filing_decide"),
    path("filings/<int:pk>/comments/", review_views.add_comment, name="filing_comment"),
    path("filings/<int:pk>/comments/from-findings/", review_views.draft_comments, name="filing_draft_comments"),
    path("comments/<int:pk>/<slug:op>/", review_views.comment_act, name="comment_act"),
    path("filings/<int:pk>/history/", review_views.history, name="filing_history"),
    path("review/", queue_views.queue, name="review_queue"),
    path("review/batch/", batch_views.batch_action, name="review_batch"),
    path("review/dashboard/", dashboard_views.overview, name="review_dashboard"),
    path("review/dashboard/export.xlsx", dashboard_views.overview_xlsx, name="review_dashboard_xlsx"),
    path("notifications/", queue_views.notifications, name="notifications"),
    path("notifications/read/", queue_views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", queue_views.notification_open, name="notification_open"),
]
