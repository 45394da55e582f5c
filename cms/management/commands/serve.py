import contextlib
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server and the Huey worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, "manage.py"]
        worker = subprocess.Popen([*manage, "run_huey", "--quiet"])  # noqa: S603
        web = subprocess.Popen([*manage, "runserver", addrport, "--noreload"])  # noqa: S603
        self.stdout.write(f"网站：http://{addrport}/   管理后台：http://{addrport}/admin/   （Ctrl-C 同时停止网站与任务进程）")
        try:
            while web.poll() is None and worker.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    web.wait(timeout=1)
        except KeyboardInterrupt:
            pass
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGINT)
            for proc in (web, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
