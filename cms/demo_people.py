"""The demo's people of the roles no app seeds itself: a district lead (Rugby), a content approver
and a board member, each a plain member of their role's groups (`core.roles.groups_for`). The
police officer and the district responder come from `alerts.demo`, the editor from
`cms.demo_hub`, the coordinator from `ensure_coordinator`. Like them, they get a usable password
only when DEMO_PASSWORD is set, else none (give one in the admin).
"""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from networks.models import DirectoryScope, District

PEOPLE = [
    # username, first, last, role, districts of their scope
    ("lee.lead", "Lee", "Lead", roles.DISTRICT_LEAD, ["Rugby"]),
    ("april.approver", "April", "Approver", roles.APPROVER, []),
    ("bo.board", "Bo", "Board", roles.BOARD_MEMBER, []),
]


def seed_role_people() -> dict:
    User = get_user_model()
    password = os.environ.get("DEMO_PASSWORD")
    people = {}
    for username, first, last, role, district_names in PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": True,
            },
        )
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
        user.groups.add(*[Group.objects.get_or_create(name=n)[0] for n in roles.groups_for(role)])
        if district_names:
            scope, _ = DirectoryScope.objects.get_or_create(user=user)
            scope.districts.set(District.objects.filter(name__in=district_names))
        people[role] = user
    return people
