"""Production settings: environment only, strict, and clean under check --deploy."""

import os
import subprocess
import sys

from .conftest import REPO


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
                                                         "DJANGO_ALLOW_ASYNC_UNSAFE")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env={**base, **env},
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    SECRET_KEY="a-production-secret-" + "x" * 40, ALLOWED_HOSTS="jixiao.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_must_be_true_or_false():
    result = manage("check", DEBUG="yes please")
    assert result.returncode != 0
    assert "DEBUG must be True or False" in result.stderr


def test_time_zone_and_language_are_chinese(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.LANGUAGE_CODE == "zh-hans"
