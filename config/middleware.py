"""Requests that no view can answer sensibly are refused here, with a Chinese page, before any view runs."""

from django.shortcuts import render

NUL_MESSAGE = ("网址中含有不可见的空字符（NUL），无法处理。请从页面上的链接或菜单重新进入，"
               "或删除地址栏中「?」之后的内容再试。")
TOO_LONG = "网址中的参数过长（例如搜索内容超过 1000 个字），无法处理。请缩短后再试。"
MAX_PARAMETER = 1000
BAD_PARAMETER = "网址中的参数不正确，无法处理。请从页面上的链接或菜单重新进入。"


class MalformedRequestMiddleware:
    """400 for addresses that no view can answer, which only a hand-edited or forged link carries.

    - A NUL character in the path or query string: PostgreSQL refuses NUL in text, so a search or
      filter carrying one would fail deep inside a query (a 500). Forms already reject NUL in what
      is typed, keeping the rest of the input; a query string holds nothing typed worth keeping.
    - A parameter longer than 1000 characters: no link of ours makes one, and a search that long
      exceeds what SQLite's LIKE accepts (a 500) and only makes PostgreSQL scan for nothing.
    - An empty `_to_field` (the admin's popup parameter): the admin checks a non-empty one against
      its allowed fields but looks an empty one up as a field name (FieldDoesNotExist, a 500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        parameters = [s for key, values in request.GET.lists() for s in [key, *values]]
        if "\x00" in request.path or any("\x00" in s for s in parameters):
            return render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
        if any(len(s) > MAX_PARAMETER for s in parameters):
            return render(request, "400.html", {"message": TOO_LONG}, status=400)
        if "_to_field" in request.GET and not request.GET["_to_field"]:
            return render(request, "400.html", {"message": BAD_PARAMETER}, status=400)
        return self.get_response(request)
