from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "tasks"
    verbose_name = "定时任务与报告"

    def ready(self):
        # run_huey only auto-imports "<app>.tasks"; import every task module explicitly.
        from tasks import coordination, imports, jobs, reports, signals  # noqa: F401
