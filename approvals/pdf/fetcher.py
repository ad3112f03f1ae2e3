"""Resources for WeasyPrint come from files we name, never from the network.

Fetching our own /static/ over HTTP deadlocks a single-worker server and breaks behind proxies
(craft.md B.3 #5); fetching arbitrary URLs from filing text would be a server-side request
forgery. So: file: URLs inside the allowed folders (the font cache, static/print) and nothing
else. Filing text never becomes a URL (templates escape it), so only our own CSS ever asks.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .fonts import font_dir


class RefusedURL(ValueError):
    pass


def allowed_roots():
    roots = [font_dir(), Path(settings.BASE_DIR) / "static" / "print"]
    return [r.resolve() for r in roots]


def _inside(path, roots):
    return any(path == root or root in path.parents for root in roots)


class FileURLFetcher(URLFetcher):
    def __init__(self, **kwargs):
        # fail_on_errors: a missing font or stylesheet must stop the render, not print tofu.
        super().__init__(fail_on_errors=True, **kwargs)

    def fetch(self, url, headers=None):
        path = self.resolve(url)
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})

    def resolve(self, url):
        """The local file behind url, or RefusedURL."""
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not _inside(path, allowed_roots()) or not path.is_file():
                raise RefusedURL(f"拒绝读取文件：{url}")
            return path
        raise RefusedURL(f"打印时不访问网络地址：{url}")
