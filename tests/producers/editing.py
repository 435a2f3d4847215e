"""What a browser submits from an edit form it was shown: the hidden version read from
the page's HTML, the other fields as the form rendered them (files left out)."""

import re

from django import forms

VERSION_INPUT = re.compile(r'<input type="hidden" name="version" value="(\d+)"')


def shown_version(response) -> int:
    (version,) = VERSION_INPUT.findall(response.content.decode())
    return int(version)


def as_submitted(response, **changes) -> dict:
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.FileInput) or name == "version":
            continue
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return {**data, "version": str(shown_version(response)), **changes}
