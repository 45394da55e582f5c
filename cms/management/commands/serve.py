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
        # (process, signal that stops it): SIGINT lets the Huey consumer finish its running task.
        procs: list[tuple[subprocess.Popen, int]] = []
        try:
            procs.append((subprocess.Popen([*manage, "run_huey", "--quiet"]), signal.SIGINT))  # noqa: S603
            procs.append((subprocess.Popen([*manage, "runserver", addrport, "--noreload"]), signal.SIGTERM))  # noqa: S603
            self.stdout.write(
                f"网站：http://{addrport}/   管理后台：http://{addrport}/admin/   （Ctrl-C 同时停止网站与任务进程）"
            )
            while all(proc.poll() is None for proc, _ in procs):
                with contextlib.suppress(subprocess.TimeoutExpired):
                    procs[-1][0].wait(timeout=1)
        except KeyboardInterrupt:
            pass
        finally:
            for proc, sig in procs:
                if proc.poll() is None:
                    proc.send_signal(sig)
            for proc, _ in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
