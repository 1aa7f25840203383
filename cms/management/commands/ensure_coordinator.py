import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the demo coordinator login once (password from DEMO_PASSWORD, else generated and "
        "kept in var/coordinator-password) and print it."
    )

    def handle(self, *args, **options):
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / "coordinator-password"
        user = User.objects.filter(username="coordinator").first()
        password = os.environ.get("DEMO_PASSWORD")
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_superuser(
                "coordinator",
                "coordinator@example.org",
                password,
                first_name="Casey",
                last_name="Coordinator",
            )
            group, _ = Group.objects.get_or_create(name="Coordinators")
            user.groups.add(group)
            # seed_demo makes coordinators newsletter approvers; it may have run before this. The
            # coordinator also triages reports with the police team, so is a responder (and
            # is asked to set up two-factor authentication on opening the inbox).
            user.groups.add(*Group.objects.filter(name__in=["Newsletter approvers", "Responders"]))
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password)
            password_file.chmod(0o600)
        elif password:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                password_file.write_text(password)
        else:
            password = password_file.read_text().strip() if password_file.exists() else None
        url = f"{settings.SITE_URL}/admin/"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}  user: coordinator  password: "
                f"{password or '(set earlier; see DEMO_PASSWORD)'}"
            )
        )
