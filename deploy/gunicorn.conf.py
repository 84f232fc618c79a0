"""gunicorn settings for hoptac (`make serve`, deploy/systemd/hoptac-web.service).

Every value can be changed from the environment without editing this file: HOPTAC_BIND,
WEB_CONCURRENCY (worker processes), HOPTAC_WEB_TIMEOUT.
"""

import multiprocessing
import os

# Loopback only: nginx is the public side (TLS, upload size, slow clients) and it alone may set
# X-Forwarded-Proto, which settings.py trusts when HOPTAC_HTTPS=true.
bind = os.environ.get("HOPTAC_BIND", "127.0.0.1:8000")
# Synchronous workers, the usual 2 × cores + 1: a request that waits on the database leaves the
# core to another worker. Each costs 120–200 MB (docs/deployment.md, sizing).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Imports and reports run as tasks in the worker; a page that needs longer than this is a bug.
timeout = int(os.environ.get("HOPTAC_WEB_TIMEOUT", "120"))
graceful_timeout = 30
# Recycle workers now and then so that memory taken by one big export is given back.
max_requests = 2000
max_requests_jitter = 200
# No preload: `systemctl reload hoptac-web` (SIGHUP) then starts workers on the new code.
preload_app = False
forwarded_allow_ips = "127.0.0.1,::1"
# The application logs each request with its id (core.request_id, HOPTAC_ACCESS_LOG=true);
# gunicorn's own access log would repeat it without the id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("HOPTAC_GUNICORN_LOG_LEVEL", "info")
proc_name = "hoptac-web"
