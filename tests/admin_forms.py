"""Submitting the Django admin's change forms in tests, as a browser would."""

from html.parser import HTMLParser


class ChangeFormFields(HTMLParser):
    """The values a browser would submit from the admin's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form or "name" not in attrs or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")
        elif tag == "select":
            self._select = attrs["name"]
            if "multiple" not in attrs:
                self._add(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            values = self.data.setdefault(self._select, [])
            if values == [""]:
                values.clear()
            values.append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def change_form_data(response, **changes) -> dict:
    """The form's current values (as a browser would post them), with `changes` applied."""
    assert response.status_code == 200, response.status_code
    parser = ChangeFormFields()
    parser.feed(response.content.decode())
    assert parser.data, "no change form on the page"
    data = {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}
    return {**data, **changes, "_save": "Save"}
