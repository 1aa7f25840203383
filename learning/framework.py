"""The competency framework: reading it (package pages' "who should take it") and its first
contents, the seed's Figure 2 (`seed_framework`, used by the demo and by a new partnership)."""

from networks.models import Role

from .levels import Level
from .models import Expectation

# Figure 2 of the seed plan: (level, who in words, role slugs, sector, specified authorities only)
FIGURE_2 = [
    (3, "Organisational Prevent leads", ["prevent-lead"], "", True),
    (3, "Designated safeguarding leads", ["designated-safeguarding-lead"], "", False),
    (2, "Frontline workers in a care and support role", ["frontline-worker"], "", False),
    (2, "Community leaders", ["community-leader"], "", False),
    (2, "School governors", ["school-governor"], "education", False),
    (1, "All staff within specified authorities, including commissioned services", [], "", True),
    (
        1,
        "Community members and elected representatives",
        ["community-network-member", "elected-member"],
        "",
        False,
    ),
]
# Roles Figure 2 names that the directory's standard list does not hold.
EXTRA_ROLES = [("community-leader", "Community leader"), ("school-governor", "School governor")]


def seed_framework() -> int:
    """Load Figure 2 into an empty framework (editors' changes are never overwritten). Returns
    the number of lines created."""
    for slug, name in EXTRA_ROLES:
        Role.objects.get_or_create(slug=slug, defaults={"name": name})
    if Expectation.objects.exists():
        return 0
    for order, (level, audience, slugs, sector, specified) in enumerate(FIGURE_2):
        line = Expectation.objects.create(
            level=level,
            audience=audience,
            sector=sector,
            specified_authorities_only=specified,
            sort_order=order,
        )
        line.roles.set(Role.objects.filter(slug__in=slugs))
    return len(FIGURE_2)


def who_should_take(level: int) -> list[str]:
    """The framework's audiences for `level`, in the editors' order (empty if none is set)."""
    return list(Expectation.objects.filter(level=level).values_list("audience", flat=True))


def framework_by_level() -> list[tuple[int, str, list[Expectation]]]:
    lines = list(Expectation.objects.prefetch_related("roles"))
    return [
        (value, label, [line for line in lines if line.level == value])
        for value, label in Level.choices
    ]
