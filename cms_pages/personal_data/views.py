"""Settings > Personal data: find what is held for an email address, export it, erase it.

For superusers and for groups given "Can find, export and erase visitors' personal data".
Every request carries the address in its body (POST), never in a URL that access logs keep.
"""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms_pages.personal_data import audit, subjects

PERMISSION = "cms_pages.manage_personal_data"
ACTIONS = ("find", "json", "csv", "erase")


class LookupForm(forms.Form):
    """The address to look for, and the owner's confirmation before an erasure."""

    email = forms.EmailField(
        label="Visitor's email address",
        help_text="The address the visitor gave in a response or an appointment request.",
    )
    confirm = forms.BooleanField(
        required=False,
        label="Yes, erase everything found for this address",
        help_text="Responses (approved ones too, which leave the site), appointment requests "
        "and failed sign-ins are deleted for good.",
    )


class PersonalDataView(WagtailAdminTemplateMixin, FormView):
    """One page: look up an address, then download its data or erase it."""

    page_title = "Personal data"
    header_icon = "user"
    template_name = "cms_pages/personal_data/index.html"
    form_class = LookupForm
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        if request.POST.get("action", "find") not in ACTIONS:
            return HttpResponseBadRequest("Unknown action.")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        action = self.request.POST.get("action", "find")
        holdings = subjects.held_for(form.cleaned_data["email"])
        if action in ("json", "csv"):
            return self.download(holdings, action)
        if action == "erase":
            if not form.cleaned_data["confirm"]:
                form.add_error("confirm", "Tick the box to confirm the erasure.")
                return self.render_to_response(self.get_context_data(form=form, found=holdings))
            counts = subjects.erase(holdings)
            audit.record(audit.ERASE, counts=counts, via="admin", user=self.request.user)
            messages.success(self.request, f"Erased: {audit.summary(counts)}.")
            return redirect("cms_pages_personal_data")
        return self.render_to_response(self.get_context_data(form=form, found=holdings))

    def download(self, holdings: subjects.Holdings, file_format: str) -> HttpResponse:
        exported = subjects.export(holdings)
        audit.record(
            audit.EXPORT,
            counts=holdings.counts(),
            via="admin",
            user=self.request.user,
            file_format=file_format,
        )
        if file_format == "json":
            body = json.dumps(exported, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
            content_type = "application/json"
        else:
            body = subjects.as_csv(exported)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        name = f"personal-data-{timezone.now():%Y-%m-%d}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store, private"
        return response
