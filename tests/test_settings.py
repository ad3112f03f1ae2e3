"""Production settings: environment only, strict, and clean under check --deploy."""

import os
import subprocess
import sys

from .conftest import REPO


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
                                                         "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_PROXY_SSL_HEADER")}
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


def test_static_files_collected_by_make_setup_also_serve_a_production_start(tmp_path):
    # `make setup` runs collectstatic with DEBUG on; a later start without DEBUG must find the manifest.
    collected = manage("collectstatic", "--noinput", "-v", "0", DEBUG="True", STATIC_ROOT=str(tmp_path))
    assert collected.returncode == 0, collected.stderr
    probe = ("from django.test import Client; r = Client().get('/login/', HTTP_HOST='localhost'); "
             "print(r.status_code, 'bootstrap.min.' in r.content.decode())")
    result = manage("shell", "--no-imports", "-c", probe, SECRET_KEY="s" * 50, SECURE_SSL_REDIRECT="False", STATIC_ROOT=str(tmp_path))
    assert result.stdout.split() == ["200", "True"], result.stdout + result.stderr


PRODUCTION = {"SECRET_KEY": "a-production-secret-" + "x" * 40, "ALLOWED_HOSTS": "jixiao.example.gov.cn"}
# A plain-HTTP request that claims, in X-Forwarded-Proto, to have come through an HTTPS proxy.
FORGED_HTTPS = ("from django.test import Client; "
                "r = Client().get('/logout/', HTTP_HOST='jixiao.example.gov.cn', HTTP_X_FORWARDED_PROTO='https'); "
                "print(r.status_code, r.get('Location', '-'))")


def test_check_deploy_is_clean_with_the_proxy_header_and_throttling_configured():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION,
                    SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO", AXES_FAILURE_LIMIT="10",
                    AXES_COOLOFF_MINUTES="30", IMPORT_UPLOAD_RETENTION_DAYS="7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_forwarded_proto_header_is_not_trusted_unless_a_setting_names_it():
    result = manage("shell", "--no-imports", "-c", FORGED_HTTPS, **PRODUCTION)
    assert result.stdout.split() == ["301", "https://jixiao.example.gov.cn/logout/"], result.stdout + result.stderr


def test_the_forwarded_proto_header_named_by_the_setting_counts_as_https():
    # /logout/ only answers POST: a 405 here means the request got past the HTTPS redirect.
    result = manage("shell", "--no-imports", "-c", FORGED_HTTPS, **PRODUCTION,
                    SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")
    assert result.stdout.split() == ["405", "-"], result.stdout + result.stderr


def test_the_proxy_header_may_be_named_as_the_proxy_sends_it():
    probe = "from django.conf import settings; print(*settings.SECURE_PROXY_SSL_HEADER)"
    result = manage("shell", "--no-imports", "-c", probe, **PRODUCTION, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.stdout.split() == ["HTTP_X_FORWARDED_PROTO", "https"], result.stdout + result.stderr


def test_a_failure_limit_that_is_not_a_number_is_refused_with_a_clear_message():
    result = manage("check", **PRODUCTION, AXES_FAILURE_LIMIT="five")
    assert result.returncode != 0
    assert "AXES_FAILURE_LIMIT must be a whole number" in result.stderr
