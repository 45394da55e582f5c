from django.urls import path

from registers import api

app_name = "registers_api"

urlpatterns = [
    path("projects/", api.ProjectListView.as_view(), name="project-list"),
    path("projects/<int:pk>/", api.ProjectDetailView.as_view(), name="project-detail"),
    path("progress/", api.ProgressListView.as_view(), name="progress-list"),
]
