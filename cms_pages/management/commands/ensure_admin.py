import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    """Make sure the superuser `admin` exists, so `make run` always ends with a usable admin.

    The password comes from ADMIN_PASSWORD; without it a new account gets a generated password,
    printed once, and an existing account keeps its password.
    """

    help = "Create the superuser 'admin' (password from ADMIN_PASSWORD, else generated)."

    def handle(self, *args, **options):
        User = get_user_model()
        password = os.environ.get("ADMIN_PASSWORD", "")
        user = User.objects.filter(username="admin").first()
        if user and not password:
            self.stdout.write(
                "Admin user 'admin' exists; set ADMIN_PASSWORD to reset its password."
            )
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        if user is None:
            user = User.objects.create_superuser("admin", "admin@massageaha.example", password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        shown = password if generated else "(from ADMIN_PASSWORD)"
        self.stdout.write(self.style.SUCCESS(f"Admin user 'admin', password: {shown}"))
