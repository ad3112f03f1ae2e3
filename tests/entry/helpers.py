"""Fetch a step's real HTML, read its form as a browser would post it, change some fields, post it back."""

from html.parser import HTMLParser

from tests.security.forms import extract_form_fields


def page_fields(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return extract_form_fields(response.content.decode(), form_id="step-form")


def flat(fields):
    """extract_form_fields gives {name: [values]}; a single value per name is what these forms post."""
    return {k: v[0] if len(v) == 1 else v for k, v in fields.items()}


def post_step(client, url, changes=None, action="save", **kwargs):
    data = flat(page_fields(client, url))
    data.update(changes or {})
    data["action"] = action
    return client.post(url, data, **kwargs)


class _Page(HTMLParser):
    """Reads a page once: the text of the cell around each element id (the <td>, or the mb-3 box of a
    plain field, that holds it), the step form's typed-in inputs, and the error summary's links."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "col", "area", "base", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, attrs, [text parts] or None, [element ids inside]]
        self.cells = {}  # element id → text of its cell
        self.ids = set()
        self.text_inputs = []  # names of the textareas and text inputs (not hidden) in the step form

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        is_cell = tag in ("td", "th") or (tag == "div" and "mb-3" in (a.get("class") or "").split())
        entry = [tag, a, [] if is_cell else None, []]
        if a.get("id"):
            self.ids.add(a["id"])
            for open_entry in reversed(self.stack + [entry]):
                if open_entry[2] is not None:
                    open_entry[3].append(a["id"])
                    break
        if (tag == "textarea" or (tag == "input" and a.get("type") == "text")) and a.get("name") \
                and "__prefix__" not in a["name"] and not any(e[0] == "template" for e in self.stack):
            self.text_inputs.append(a["name"])
        if tag not in self.VOID:
            self.stack.append(entry)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _, text, ids = self.stack.pop()
            if text is not None:
                for element_id in ids:
                    self.cells[element_id] = "".join(text)
                if self.stack:  # a cell inside a cell: the outer one reads it too
                    outer = next((e for e in reversed(self.stack) if e[2] is not None), None)
                    if outer is not None:
                        outer[2].extend(text)
            if open_tag == tag:
                break

    def handle_data(self, data):
        for entry in reversed(self.stack):
            if entry[2] is not None:
                entry[2].append(data)
                break


def read_page(html):
    page = _Page()
    page.feed(html)
    return page
