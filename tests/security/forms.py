"""What a browser would post: the fields of an HTML form, read from the page itself.

Like pretix's extract_form_fields: inputs, checked boxes and radios, selected options, textareas,
hidden ids and inline formsets' management forms. The admin's inline templates (`__prefix__`) are
left out, as a browser would never send them.
"""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.depth = 0  # > 0 while inside the wanted <form>
        self.fields = {}
        self._select = None  # (name, multiple, [selected], [all options])
        self._option = None
        self._textarea = None

    def _add(self, name, value):
        if name and "__prefix__" not in name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            if self.depth:
                self.depth += 1
            elif self.form_id is None or a.get("id") == self.form_id:
                self.depth = 1
            return
        if not self.depth:
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a.get("name"), a.get("value", "on"))
                return
            self._add(a.get("name"), a.get("value", ""))
        elif tag == "textarea":
            self._textarea = [a.get("name"), ""]
        elif tag == "select":
            self._select = [a.get("name"), "multiple" in a, [], []]
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[2] += data

    def _close_option(self):
        if self._option is None:
            return
        value, selected, text = self._option
        value = text.strip() if value is None else value
        self._select[3].append(value)
        if selected:
            self._select[2].append(value)
        self._option = None

    def handle_endtag(self, tag):
        if tag == "form" and self.depth:
            self.depth -= 1
        if not self.depth and tag != "form":
            return
        if tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # HTML drops one newline right after <textarea>; Django writes one there for that reason.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._add(name, text)
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            name, multiple, selected, options = self._select
            if not selected and not multiple and options:
                selected = options[:1]  # a browser sends the first option of a single select
            for value in selected:
                self._add(name, value)
            self._select = None


def extract_form_fields(html, form_id=None):
    """name → list of values, as the browser would submit the form (the first <form>, or `form_id`)."""
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    return parser.fields
