"""The contact directory's reference data (sectors, districts, organisations), which contacts,
networks and segments refer to."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from ..orgnames import normalise_organisation_name


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    EDUCATION = "education", "Education and childcare"
    HEALTH = "health", "Health"
    PRISONS_PROBATION = "prisons_probation", "Prisons and probation"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "Voluntary and community"
    FAITH = "faith", "Faith"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class District(models.Model):
    """A district or borough of the partnership's area, or the county-wide pseudo-district."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_county_wide = models.BooleanField(
        default=False, help_text="The whole area rather than one district."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices, default=Sector.OTHER)
    districts = models.ManyToManyField(District, blank=True, related_name="organisations")
    is_specified_authority = models.BooleanField(
        "specified authority",
        default=False,
        help_text="Subject to the Prevent duty (Counter-Terrorism and Security Act 2015).",
    )
    is_partner = models.BooleanField(
        "partner",
        default=False,
        help_text="The partnership counts this organisation as a partner: its contacts may open "
        "partner-only pages with a personal link.",
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationAlias(models.Model):
    """Another name an organisation goes by ("Rugby BC", "St Mary's"): a typed name whose normal
    form equals an alias's links to its organisation automatically."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "organisation aliases"

    def __str__(self):
        return f"{self.name} → {self.organisation}"

    def save(self, *args, **kwargs):
        self.normalised = normalise_organisation_name(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.normalised = normalise_organisation_name(self.name)
        if not self.normalised:
            raise ValidationError({"name": "Give a name with at least one letter or digit."})
        clash = OrganisationAlias.objects.filter(normalised=self.normalised).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"name": f"Already an alias of {clash.first().organisation}."})
