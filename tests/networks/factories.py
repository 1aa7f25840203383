"""Named people and directory objects for the networks tests."""

import factory

from networks.models import (
    ConsentEvent,
    Contact,
    District,
    Network,
    Organisation,
    Role,
    Segment,
    Subscription,
)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = "other"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Network {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Example"
    email = factory.LazyAttribute(lambda o: f"{o.first_name.lower()}@example.org")

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if extracted:
            self.districts.set(extracted)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.roles.set(extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        for topic in extracted or []:
            Subscription.objects.create(
                contact=self, topic=topic, status=Subscription.Status.SUBSCRIBED
            )
            ConsentEvent.objects.create(
                contact=self, topic=topic, action="subscribed", source="admin"
            )


def role(slug: str) -> Role:
    return Role.objects.get(slug=slug)


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    name = factory.Sequence(lambda n: f"Segment {n}")
    rules = factory.LazyFunction(dict)
