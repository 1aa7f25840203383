from django.conf import settings
from django.db import models

from .reference import District


class DirectoryScope(models.Model):
    """Makes a staff user a district network lead: they see and manage the directory's contacts
    of these districts only. Coordinators (see `networks.permissions`) need no scope."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_scope"
    )
    districts = models.ManyToManyField(District, related_name="+")

    class Meta:
        verbose_name = "district lead scope"

    def __str__(self):
        return f"{self.user} · district lead"
