from django.urls import path

from . import views

app_name = "entry"

urlpatterns = [
    path("new/", views.new_filing, name="new"),
    path("<int:pk>/", views.start, name="start"),
    path("<int:pk>/basic/", views.step_basic, name="step_basic"),
    path("<int:pk>/tasks/", views.step_tasks, name="step_tasks"),
    path("<int:pk>/indicators/", views.step_indicators, name="step_indicators"),
    path("<int:pk>/lines/", views.step_lines, name="step_lines"),
    path("<int:pk>/sheets/", views.step_sheets, name="step_sheets"),
    path("<int:pk>/sheets/<int:sheet_pk>/", views.step_sheet, name="step_sheet"),
    path("<int:pk>/project/", views.project_basic, name="project_basic"),
    path("<int:pk>/project/money/", views.project_money, name="project_money"),
    path("<int:pk>/project/targets/", views.project_targets, name="project_targets"),
    path("<int:pk>/check/", views.step_check, name="step_check"),
    path("<int:pk>/check-row/", views.check_row, name="check_row"),
]
