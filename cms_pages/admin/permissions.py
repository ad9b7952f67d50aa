"""Who may do what with what visitors send."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class SentByVisitorsPolicy(ModelPermissionPolicy):
    """Django's model permissions, less "add", for responses and appointment requests.

    They arrive only through the site's forms (with the spam layers and sealing on the way):
    one written in the admin would be the owner's words under a visitor's name. Refusing
    "add" here removes the add button, the add and copy views and the chooser's create form,
    for superusers too.
    """

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "add"]
        if not actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(actions)
