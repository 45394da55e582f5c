"""Serving as a county runs it: Chinese error pages, the login lockout and its unlocking, the
Content-Security-Policy, the secret key kept under var/, the process supervisor, and the deploy
checks of the production settings."""

import hashlib
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.views import defaults

import pytest
from axes.models import AccessAttempt

from cms import gunicorn_conf, serving
from cms.settings.secret import load_or_create_secret_key
from cms.supervisor import Child, Supervisor
from registers.core.scopes import GROUP_HQ, GROUP_REPORTER

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Zhengque-mima-2026"
LOCKED = "登录失败次数过多"


def _user(username: str, group: str | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def _login(client, username: str, password: str, address: str = "127.0.0.1"):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


# --- error pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_public_url_is_a_chinese_404_page(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'lang="zh-CN"' in html
    assert "Page not found" not in html and "https://" not in html


@pytest.mark.django_db
def test_403_and_500_pages_are_chinese():
    request = RequestFactory().get("/")
    assert "无权访问" in defaults.permission_denied(request, Exception()).content.decode()
    html = defaults.server_error(request).content.decode()
    assert "服务器错误" in html and "http" not in html.replace('href="/"', "")


# --- login lockout (django-axes) ---------------------------------------------------------------


def _lock_out(client, username: str) -> list[int]:
    return [_login(client, username, "wrong-password").status_code for _ in range(10)]


@pytest.mark.django_db
def test_tenth_wrong_password_locks_out_even_the_right_one(client):
    _user("zhangsan")
    statuses = _lock_out(client, "zhangsan")
    assert statuses[:9] == [200] * 9  # the login page again, with its error
    assert statuses[9] == 429
    response = _login(client, "zhangsan", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html and "30 分钟" in html and "指挥部办公室" in html
    assert "_auth_user_id" not in client.session
    # Per user and address: the same user from another address, and another user, still log in.
    assert _login(client.__class__(), "zhangsan", PASSWORD, address="127.0.0.2").status_code == 302
    _user("lisi")
    assert _login(client.__class__(), "lisi", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_hq_office_unlocks_a_locked_out_user(client):
    _user("wangwu")
    _lock_out(client, "wangwu")
    assert AccessAttempt.objects.filter(username="wangwu").exists()

    client.force_login(_user("reporter", GROUP_REPORTER))
    refused = client.get("/admin/lockouts/")  # Wagtail turns the refusal into a redirect home
    assert refused.status_code == 302 and "wangwu" not in refused.content.decode()
    client.force_login(_user("office", GROUP_HQ))
    listing = client.get("/admin/lockouts/").content.decode()
    assert "wangwu" in listing and "已锁定" in listing and "解锁" in listing
    attempt = AccessAttempt.objects.get(username="wangwu")
    response = client.post(f"/admin/lockouts/{attempt.pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="wangwu").exists()

    client.logout()
    assert _login(client, "wangwu", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_client_login_still_works_with_axes_on(client):
    _user("zhaoliu")
    assert client.login(username="zhaoliu", password=PASSWORD)
    assert not client.login(username="zhaoliu", password="wrong-password")


# --- Content-Security-Policy -------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    assert "http:" not in header and "https:" not in header and "*" not in header
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_content_security_policy_on_public_and_admin_pages(client):
    public = _policy(client.get("/"))
    assert public["default-src"] == ["'self'"] and public["script-src"] == ["'self'"]
    assert public["img-src"] == ["'self'", "data:", "blob:"]
    assert public["object-src"] == ["'none'"] and public["frame-ancestors"] == ["'self'"]
    client.force_login(_user("office", GROUP_HQ))
    response = client.get("/admin/")
    assert response.status_code == 200
    admin = _policy(response)
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["default-src"] == ["'self'"]


# --- the public page cache --------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_public_pages_are_served_from_the_cache(client, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    caches["default"].clear()
    first = client.get("/commissioners/")
    assert first.status_code == 200 and not first.cookies
    with django_assert_num_queries(0):
        again = client.get("/commissioners/")
    assert again.content == first.content
    assert "Content-Security-Policy" in again.headers  # headers are still added on the way out
    client.get("/no-such-page/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/no-such-page/")  # a 404 is not kept
    assert len(queries) > 0
    client.force_login(_user("office", GROUP_HQ))  # logged in: always the live page
    assert client.get("/commissioners/").status_code == 200
    assert client.get("/admin/").status_code == 200
    caches["default"].clear()


# --- the secret key kept under var/ ------------------------------------------------------------


def test_secret_key_is_generated_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    key = load_or_create_secret_key(path)
    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_secret_key(path) == key
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def _clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "HTTPS"}}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", **extra)
    return env


def _manage(*args, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=_clean_env(**env),
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", VAR_DIR=str(tmp_path),
                     SECRET_KEY="k3y-" + "q8Zr5tLm2Vx9Wn4Pc7Hs1Jd6Fb0Gk" * 2)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert not (tmp_path / "secret_key").exists()  # a key from the environment is used as is


def test_production_without_secret_key_keeps_one_under_var(tmp_path):
    # bin/run's settings: no SECRET_KEY in the environment, plain HTTP on the loopback address.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", VAR_DIR=str(tmp_path), HTTPS="0")
    assert result.returncode == 0, result.stdout + result.stderr
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    probe = "import django; from django.conf import settings; django.setup(); " \
            "import hashlib; print(hashlib.sha256(settings.SECRET_KEY.encode()).hexdigest())"
    second = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_clean_env(VAR_DIR=str(tmp_path)),
                            capture_output=True, text=True, timeout=120, check=True)
    assert second.stdout.strip() == hashlib.sha256(key_file.read_text().strip().encode()).hexdigest()


def test_every_procfile_line_runs_production_settings():
    lines = [line for line in (ROOT / "Procfile").read_text().splitlines() if line.strip()]
    assert {line.split(":", 1)[0] for line in lines} == {"web", "worker", "release"}
    for line in lines:
        assert "DJANGO_SETTINGS_MODULE=cms.settings.production" in line, line
    assert "python:cms.gunicorn_conf" in lines[0]


# --- bounded serving ---------------------------------------------------------------------------


def test_web_server_concurrency_and_database_connections_are_bounded(settings):
    assert gunicorn_conf.worker_class == "gthread"
    assert gunicorn_conf.workers * gunicorn_conf.threads + serving.HUEY_WORKERS <= settings.DATABASE_CONNECTION_BOUND
    assert settings.DATABASE_CONNECTION_BOUND < 50  # PostgreSQL allows 100 by default
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# --- the supervisor ----------------------------------------------------------------------------


def test_restart_delay_doubles_then_starts_over():
    supervisor = Supervisor([], first_delay=1, max_delay=8, stable_after=60)
    child = Child("x", [])
    delays = []
    for _ in range(6):
        child.delay = supervisor.next_delay(child, now=child.started_at + 1)  # died a second after start
        delays.append(child.delay)
    assert delays == [1, 2, 4, 8, 8, 8]
    assert supervisor.next_delay(child, now=child.started_at + 61) == 1  # ran long enough: start over


def test_a_dying_child_is_restarted_and_the_other_left_alone():
    dies = Child("dies", [sys.executable, "-c", "import sys; sys.exit(3)"])
    stays = Child("stays", [sys.executable, "-c", "import time; time.sleep(60)"])
    lines: list[str] = []
    supervisor = Supervisor([dies, stays], first_delay=0.05, max_delay=0.2, log=lines.append)
    deadline = time.monotonic() + 20
    first_pid = []

    def enough() -> bool:
        if not first_pid and stays.proc is not None:
            first_pid.append(stays.proc.pid)
        return dies.restarts >= 3 or time.monotonic() > deadline

    supervisor.run(poll=0.02, until=enough, handle_signals=False)
    assert dies.restarts >= 3 and set(dies.exit_codes) == {3}
    assert stays.restarts == 0 and stays.proc.pid == first_pid[0]
    assert stays.proc.returncode == -signal.SIGTERM  # stopped with the supervisor
    assert any("dies 已重启" in line for line in lines)


def test_sigterm_stops_the_supervisor_and_its_children(tmp_path):
    pid_file = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import sys
        from cms.supervisor import Child, Supervisor
        child = Child("sleeper", [sys.executable, "-c",
                      "import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"])
        Supervisor([child], log=lambda line: None).run(poll=0.05)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        child_pid = int(pid_file.read_text())
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        with pytest.raises(ProcessLookupError):
            os.kill(child_pid, 0)
    finally:
        if proc.poll() is None:
            proc.kill()
