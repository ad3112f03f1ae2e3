"""Nothing a logged-in user is sent is kept by a cache: Cache-Control: private, no-store.

Every page a signed-in user gets shows a district's data or their own account — filings, 专项资金,
the entry grid's row check (an htmx fragment), the admin — and a shared intranet PC or a caching proxy
must not keep a copy for the next person. The rule is set here once, for every response to an
authenticated request, so a new page is covered without anyone remembering a decorator
(budgets.views.private_no_store on the filing pages says the same per view). Static files are served
before this (WhiteNoise) and stay cacheable; pages for anonymous visitors (the login page) are untouched.
"""

from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
