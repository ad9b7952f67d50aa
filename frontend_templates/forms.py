"""The site's forms: the appointment request (fields described by the API) and responses.

Their submission belongs to other parts of the site; here they are Django forms so that the
markup (labels, required markers, help and error texts tied to their fields) is consistent.
"""

from django import forms

# What browsers may fill in for fields of these names (WCAG 1.3.5), and phone keyboards.
AUTOCOMPLETE_BY_NAME = {"name": "name", "email": "email", "phone": "tel"}
INPUT_TYPE_BY_NAME = {"phone": "tel"}


def _choices(field: dict, *, blank: bool = False) -> list[tuple[str, str]]:
    options = [(choice, choice) for choice in field.get("choices", [])]
    return [("", "Choose…"), *options] if blank else options


def form_field(field: dict) -> forms.Field:
    """A Django form field for one field of Wagtail's form builder, as the API describes it."""
    kind = field.get("field_type", "singleline")
    common = {
        "label": field["label"],
        "required": field.get("required", False),
        "help_text": field.get("help_text", ""),
        "initial": field.get("default_value") or None,
    }
    if kind == "multiline":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == "email":
        return forms.EmailField(**common)
    if kind == "url":
        return forms.URLField(assume_scheme="https", **common)
    if kind == "number":
        return forms.DecimalField(**common)
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "datetime":
        widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
        return forms.DateTimeField(widget=widget, **common)
    if kind == "checkbox":
        return forms.BooleanField(**common)
    if kind == "dropdown":
        return forms.ChoiceField(choices=_choices(field, blank=True), **common)
    if kind == "radio":
        return forms.ChoiceField(choices=_choices(field), widget=forms.RadioSelect, **common)
    if kind == "checkboxes":
        widget = forms.CheckboxSelectMultiple
        return forms.MultipleChoiceField(choices=_choices(field), widget=widget, **common)
    if kind == "multiselect":
        return forms.MultipleChoiceField(choices=_choices(field), **common)
    if kind == "hidden":
        return forms.CharField(widget=forms.HiddenInput, **common)
    return forms.CharField(max_length=255, **common)


class ContactForm(forms.Form):
    """The appointment request form, built from the contact page's `form_fields`."""

    def __init__(self, fields: list[dict], *args, **kwargs):
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)
        for field in fields:
            name = field["name"]
            self.fields[name] = form_field(field)
            widget = self.fields[name].widget
            if name in AUTOCOMPLETE_BY_NAME:
                widget.attrs["autocomplete"] = AUTOCOMPLETE_BY_NAME[name]
            if name in INPUT_TYPE_BY_NAME and isinstance(widget, forms.TextInput):
                widget.input_type = INPUT_TYPE_BY_NAME[name]


class ResponseForm(forms.Form):
    """'Leave a Reply': a visitor's response to a service page."""

    comment = forms.CharField(label="Comment", max_length=5000, widget=forms.Textarea)
    name = forms.CharField(
        label="Name", max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    page = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "response-%s")
        super().__init__(*args, **kwargs)
