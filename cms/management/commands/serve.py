import os
import signal
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.serving import WEB_THREADS, WEB_WORKERS, gunicorn_argv
from cms.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = (
        "Serve the site as in production: gunicorn (whitenoise serves the static files) and the Huey "
        "consumer, each restarted if it dies; Ctrl-C or SIGTERM stops both. Run collectstatic first "
        "(bin/run does)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--settings-module", default="cms.settings.production",
                            help="settings of the web server and worker (default cms.settings.production)")

    def handle(self, *args, addrport, settings_module, **options):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        children = [
            Child("网站（gunicorn）", gunicorn_argv(sys.executable, addrport), signal.SIGTERM, env),
            # SIGINT lets the consumer finish the task it is running.
            Child(
                "任务进程（Huey）", [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_huey", "--quiet"],
                signal.SIGINT, env,
            ),
        ]
        self.stdout.write(
            f"网站：http://{addrport}/   管理后台：http://{addrport}/admin/   "
            f"（{WEB_WORKERS} 个网站进程 × {WEB_THREADS} 线程，配置 {settings_module}；Ctrl-C 同时停止网站与任务进程）"
        )
        self.stdout.flush()
        Supervisor(children, log=self._log).run()
        self.stdout.write("已停止。")

    def _log(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
