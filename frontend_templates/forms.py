"""The site's forms: the appointment request (fields described by the API) and responses.

Both are Django forms, so that the markup (labels, required markers, help and error texts
tied to their fields) is consistent, and both carry the API's spam guards: a honeypot and
the signed form token. frontend_templates.submissions sends them on to the API.
"""

from django import forms

from frontend_templates import client

# What browsers may fill in for fields of these names (WCAG 1.3.5), and phone keyboards.
AUTOCOMPLETE_BY_NAME = {"name": "name", "email": "email", "phone": "tel"}
INPUT_TYPE_BY_NAME = {"phone": "tel"}
# Where an API (Django REST framework, or Django's forms) puts errors of no single field.
NON_FIELD_ERRORS = ("__all__", "non_field_errors")


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


class HoneypotInput(forms.TextInput):
    """A text box people never get to: off screen, aria-hidden, out of the tab order.

    Bots fill it in; the API then files the submission as spam. Rendered with the form's
    hidden fields, after the visible ones.
    """

    template_name = "includes/honeypot.html"
    is_hidden = True

    def __init__(self, attrs=None):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off", **(attrs or {})})


class GuardedForm(forms.Form):
    """A visitor's form with the API's spam guards, and the API's errors put on its fields.

    `form_token` is the API's signed timestamp of when the form was handed out (the API
    refuses a form sent within seconds of it, or hours later); `nickname` is the honeypot.
    `notice` is what the form says above its fields when it asks the visitor to confirm.
    """

    notice = ""
    nickname = forms.CharField(required=False, max_length=200, widget=HoneypotInput)
    form_token = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # The API's name of a field, where it differs from the form's.
    api_names: dict[str, str] = {}

    def guards(self) -> dict:
        """The spam guards as the API expects them beside a form's fields."""
        return {
            "nickname": self.cleaned_data.get("nickname", ""),
            "form_token": self.cleaned_data.get("form_token", ""),
        }

    def renew_token(self) -> None:
        """Carry a fresh token: the API refused the form's own, or it had none."""
        self.data = self.data.copy()
        self.data["form_token"] = client.form_token()

    def add_api_errors(self, refusal: client.Refused) -> bool:
        """Put the API's refusal on the form: each field's errors next to that field.

        The API's message goes on top when an error belongs to no field the visitor can
        correct, or when there are no field errors. Returns whether any error was placed.
        """
        placed, unplaced = False, not refusal.errors
        for api_name, errors in refusal.errors.items():
            name = self.api_names.get(api_name, api_name)
            if name in NON_FIELD_ERRORS:
                name = None
            elif name not in self.fields or self.fields[name].widget.is_hidden:
                unplaced = True
                continue
            for error in errors if isinstance(errors, list) else [errors]:
                self.add_error(name, str(error))
            placed = True
        if unplaced:
            self.add_error(None, refusal.message)
        return placed

    def error_summary(self) -> list[dict]:
        """Every error of the form for the summary above it, linked to its field if visible."""
        summary = [{"message": error} for error in self.non_field_errors()]
        for field in self:
            for error in field.errors:
                if field.is_hidden:
                    summary.append({"message": error})
                else:
                    target = field.id_for_label or f"{field.auto_id}_0"
                    summary.append({"message": f"{field.label}: {error}", "target": target})
        return summary


class ContactForm(GuardedForm):
    """The appointment request form, built from the contact page's `form_fields`."""

    context_name = "form"

    def __init__(self, fields: list[dict], *args, **kwargs):
        kwargs.setdefault("auto_id", "contact-%s")
        super().__init__(*args, **kwargs)
        self.cms_names = [field["name"] for field in fields]
        for field in fields:
            name = field["name"]
            self.fields[name] = form_field(field)
            widget = self.fields[name].widget
            if name in AUTOCOMPLETE_BY_NAME:
                widget.attrs["autocomplete"] = AUTOCOMPLETE_BY_NAME[name]
            if name in INPUT_TYPE_BY_NAME and isinstance(widget, forms.TextInput):
                widget.input_type = INPUT_TYPE_BY_NAME[name]

    def payload(self) -> dict:
        """The request as the API takes it: each field's value as the visitor gave it."""
        return {"fields": {name: self[name].data for name in self.cms_names}, **self.guards()}


class ResponseForm(GuardedForm):
    """'Leave a Reply': a visitor's response to a service page (limits as in the API)."""

    context_name = "response_form"
    api_names = {"text": "comment"}

    comment = forms.CharField(label="Comment", max_length=3000, widget=forms.Textarea)
    name = forms.CharField(
        label="Name", max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "response-%s")
        super().__init__(*args, **kwargs)

    def payload(self) -> dict:
        """The response as the API takes it."""
        data = self.cleaned_data
        fields = {"page": data["page"], "name": data["name"], "email": data["email"]}
        return {**fields, "website": data["website"], "text": data["comment"], **self.guards()}
