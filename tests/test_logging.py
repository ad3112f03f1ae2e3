"""Each log record is printed once: runserver's access log, request warnings and 500 tracebacks."""

import os
import subprocess
import sys

import pytest

from .conftest import REPO

# What runserver and Django's request handling log, after django.setup() has applied LOGGING.
LOG_ONE_OF_EACH = """
import logging, django
django.setup()
logging.getLogger("django.server").info('"%s" %s %s', "GET /login/ HTTP/1.1", "200", "1964",
                                        extra={"status_code": 200, "server_time": "02/Dec/2026 05:12:12"})
logging.getLogger("django.request").warning("Not Found: %s", "/nope/")
logging.getLogger("django.request").error("Internal Server Error: %s", "/boom/")
logging.getLogger("budgets.importexport.reader").warning("an application warning")
"""


@pytest.mark.parametrize("debug", ["True", "False"])
def test_every_log_record_is_printed_exactly_once(debug):
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "LOG_LEVEL", "DJANGO_SETTINGS_MODULE")}
    env.update(ENV_FILE="", DEBUG=debug, SECRET_KEY="s" * 50, DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", LOG_ONE_OF_EACH], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    # The access log keeps Django's own format; production (DEBUG off) still prints the warnings and errors.
    assert lines == ['[02/Dec/2026 05:12:12] "GET /login/ HTTP/1.1" 200 1964',
                     "Not Found: /nope/", "Internal Server Error: /boom/", "an application warning"]
