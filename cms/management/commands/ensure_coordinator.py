import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from core import roles

EMERGENCY_USERNAME = "emergency"


class Command(BaseCommand):
    help = (
        "Create the demo coordinator login once (a plain member of the coordinator's groups; "
        "password from DEMO_PASSWORD, else generated and kept in var/coordinator-password) and "
        "print it; and the one superuser, kept for emergencies (`emergency`, password generated "
        "and kept in var/emergency-password, printed only with --show-emergency)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--show-emergency",
            action="store_true",
            help="Also print the emergency superuser's password.",
        )

    def handle(self, *args, **options):
        password = self._coordinator()
        emergency_password = self._emergency()
        url = f"{settings.SITE_URL}/admin/"
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url}  user: coordinator  password: "
                f"{password or '(set earlier; see DEMO_PASSWORD)'}"
            )
        )
        if options["show_emergency"]:
            self.stdout.write(f"Emergency superuser: {EMERGENCY_USERNAME}  {emergency_password}")

    def _coordinator(self) -> str | None:
        """The demo's coordinator: no superuser flag, a member of the coordinator role's groups
        (coordinators, newsletter approvers, responders: core.roles.groups_for). A coordinator
        made a superuser by an earlier version is put right."""
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / "coordinator-password"
        user = User.objects.filter(username="coordinator").first()
        password = os.environ.get("DEMO_PASSWORD")
        if user is None:
            password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                "coordinator",
                "coordinator@example.org",
                password,
                first_name="Casey",
                last_name="Coordinator",
                is_staff=True,
            )
            _write_secret(password_file, password)
        elif password:
            if not user.check_password(password):
                user.set_password(password)
                user.save(update_fields=["password"])
                _write_secret(password_file, password)
        else:
            password = password_file.read_text().strip() if password_file.exists() else None
        if user.is_superuser:
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        for name in roles.groups_for(roles.COORDINATOR):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        return password

    def _emergency(self) -> str:
        """The one superuser, for when a role's permissions have been broken by hand: made once
        with a generated password kept in var/emergency-password (0600), never DEMO_PASSWORD.
        Like every superuser it must set up two-factor authentication on first sign-in."""
        User = get_user_model()
        password_file = Path(settings.VAR_DIR) / "emergency-password"
        if not User.objects.filter(username=EMERGENCY_USERNAME).exists():
            password = secrets.token_urlsafe(24)
            User.objects.create_superuser(EMERGENCY_USERNAME, "", password)
            _write_secret(password_file, password)
            return password
        return password_file.read_text().strip() if password_file.exists() else "(set earlier)"


def _write_secret(path: Path, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(secret)
