import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from config.boot import settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings_or_exit()
application = get_wsgi_application()

# What is loaded now (Django, the apps, the URLconf with every view it imports) lives as long as the
# worker. Frozen, it is left out of the collector's full passes, which otherwise walked all of it
# every few dozen requests and held that request up by 40–90 ms (benchmarks/entry_bench.py, p95).
get_resolver().url_patterns  # noqa: B018 -- imports the views now, not on the first request
gc.collect()
gc.freeze()
