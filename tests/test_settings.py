"""Production settings: environment only, strict, and clean under check --deploy."""

import os
import re
import stat
import subprocess
import sys

from .conftest import REPO


def clean_env(**env):
    # ENV_FILE empty: never the developer's var/env (DEBUG=True there) unless a test names one.
    # An in-memory database: nothing written to the clone's var/, nothing needed from PostgreSQL.
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
                                                         "DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_PROXY_SSL_HEADER")}
    return {**base, "ENV_FILE": "", "DATABASE_URL": "sqlite://:memory:", **env}


def manage(*args, **env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=clean_env(**env),
                          capture_output=True, text=True, timeout=120)


def python(code, **env):
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, env=clean_env(**env),
                          capture_output=True, text=True, timeout=120)


PRINT_DEBUG_AND_KEY = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    SECRET_KEY="a-production-secret-" + "x" * 40, ALLOWED_HOSTS="jixiao.example.gov.cn")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off_in_one_line_not_a_traceback():
    # show_filing, not check: Django alone would answer "Unknown command" and hide the real cause.
    result = manage("show_filing", "jinglong", "2021")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "配置错误：SECRET_KEY must be set when DEBUG is off (see README: 配置).\n"


def test_debug_must_be_true_or_false():
    result = manage("check", DEBUG="yes please")
    assert result.returncode == 1
    assert result.stderr == "配置错误：DEBUG must be True or False, got 'yes please' (see README: 配置).\n"


def test_a_bad_database_url_is_one_line_that_does_not_repeat_the_password():
    result = manage("check", DEBUG="True", DATABASE_URL="postgres://jixiao:hunter2@db.example:port/jixiao")
    assert result.returncode == 1
    assert result.stderr == ("配置错误：DATABASE_URL must look like postgres://user:password@host:5432/name "
                             "(see README: 配置).\n")


def test_a_missing_secret_key_file_is_one_line():
    result = manage("check", SECRET_KEY_FILE="/nonexistent/jixiao-secret")
    assert result.returncode == 1
    assert result.stderr == ("配置错误：SECRET_KEY_FILE names /nonexistent/jixiao-secret, which cannot be read "
                             "(No such file or directory) (see README: 配置).\n")


def test_wsgi_reports_a_configuration_error_in_one_line():
    result = python("import config.wsgi")
    assert result.returncode == 1
    assert result.stderr == "配置错误：SECRET_KEY must be set when DEBUG is off (see README: 配置).\n"


def test_manage_py_honours_the_settings_option_before_loading_the_settings():
    # --settings names the module; the production module would refuse to start without a key.
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.PASSWORD_HASHERS)",
                    "--settings", "config.settings_test")
    assert result.returncode == 0, result.stderr
    assert "MD5PasswordHasher" in result.stdout


def test_make_setup_writes_the_local_env_file_once_and_only_its_owner_reads_it(tmp_path):
    env_file = tmp_path / "var" / "env"
    make = ["make", "--no-print-directory", f"ENVFILE={env_file}", str(env_file)]
    subprocess.run(make, cwd=REPO, check=True, capture_output=True, timeout=60)
    first = env_file.read_text()
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    settings_lines = [line for line in first.splitlines() if not line.startswith("#")]
    assert settings_lines[0] == "DEBUG=True"
    assert re.fullmatch(r"SECRET_KEY=[0-9a-f]{64}", settings_lines[1])
    assert len(settings_lines) == 2

    again = subprocess.run(make, cwd=REPO, check=True, capture_output=True, text=True, timeout=60)
    assert "is up to date" in again.stdout
    assert env_file.read_text() == first  # the same key: sessions survive a second `make setup`

    result = python(PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file))
    assert result.stdout.split() == ["True", settings_lines[1].removeprefix("SECRET_KEY=")], result.stderr


def test_the_environment_wins_over_the_local_env_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("# local\n\nDEBUG=True\nSECRET_KEY=from-the-file\n")
    result = python(PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file), DEBUG="False", SECURE_SSL_REDIRECT="False")
    assert result.stdout.split() == ["False", "from-the-file"], result.stderr
    result = python(PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file), SECRET_KEY="from-the-environment")
    assert result.stdout.split() == ["True", "from-the-environment"], result.stderr


def test_without_an_env_file_production_still_requires_a_secret_key(tmp_path):
    result = manage("check", ENV_FILE=str(tmp_path / "no-such-env"))
    assert result.returncode == 1
    assert result.stderr == "配置错误：SECRET_KEY must be set when DEBUG is off (see README: 配置).\n"


def test_a_malformed_env_file_line_is_named(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=True\nSECRET_KEY\n")
    result = manage("check", ENV_FILE=str(env_file))
    assert result.returncode == 1
    assert result.stderr == f"配置错误：{env_file} line 2: expected KEY=VALUE\n"


def test_the_test_settings_never_read_a_local_env_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("DEBUG=True\nSECRET_KEY=from-the-file\n")
    result = python(PRINT_DEBUG_AND_KEY, ENV_FILE=str(env_file), DJANGO_SETTINGS_MODULE="config.settings_test")
    assert result.stdout.split() == ["False", "test-only-not-secret"], result.stderr


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
