import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'huey': settings.HUEY['huey_class'], "
    "'utc': settings.HUEY['utc'], 'debug': settings.DEBUG, 'lang': settings.LANGUAGE_CODE, "
    "'tz': settings.TIME_ZONE, 'hosts': settings.ALLOWED_HOSTS}))"
)


def probe(module: str, **env) -> dict:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}}
    base.update(DJANGO_SETTINGS_MODULE=module, **env)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=base, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_defaults(tmp_path):
    found = probe("cms.settings.dev", VAR_DIR=str(tmp_path))
    assert found["engine"] == "django.db.backends.sqlite3"
    assert found["name"] == str(tmp_path / "db.sqlite3")
    assert found["huey"] == "huey.SqliteHuey"
    assert found["utc"] is False
    assert found["lang"] == "zh-hans" and found["tz"] == "Asia/Shanghai"
    assert found["debug"] is True


def test_database_and_redis_from_environment(tmp_path):
    found = probe(
        "cms.settings.dev", VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://pb:secret@db.example:5432/battle", REDIS_URL="redis://127.0.0.1:6379/3", DEBUG="0",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "battle"
    assert found["huey"] == "huey.RedisHuey"
    assert found["debug"] is False


def test_production_hosts_and_debug(tmp_path):
    found = probe("cms.settings.production", VAR_DIR=str(tmp_path), SECRET_KEY="x" * 60,
                  ALLOWED_HOSTS="xm.shangyou.gov.cn, www.example.org", DEBUG="1")
    assert found["debug"] is False
    assert found["hosts"] == ["xm.shangyou.gov.cn", "www.example.org"]


def test_check_deploy_is_clean(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="cms.settings.production", VAR_DIR=str(tmp_path),
               SECRET_KEY="k3y-" + "q8Zr5tLm2Vx9Wn4Pc7Hs1Jd6Fb0Gk" * 2, ALLOWED_HOSTS="xm.example.org")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
