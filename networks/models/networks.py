from django.db import models

from .contacts import Contact
from .reference import District


class Network(models.Model):
    """A group of people: a district's community Prevent network, the PWG, the TPSPG, …"""

    name = models.CharField(max_length=200, unique=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="networks"
    )
    description = models.TextField(blank=True)
    is_public = models.BooleanField(
        default=True, help_text="Listed (name and district only) on the public partner list."
    )
    is_partner = models.BooleanField(
        "partner",
        default=False,
        help_text="The partnership counts this network as a partner: its current members may "
        "open partner-only pages with a personal link.",
    )
    members = models.ManyToManyField(Contact, through="NetworkMembership", related_name="networks")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=100, blank=True, help_text="e.g. chair, member")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "contact"], name="one_membership_per_network"
            )
        ]

    def __str__(self):
        return f"{self.contact} in {self.network}"
