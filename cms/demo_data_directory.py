"""Demo data of the contact directory: the district networks, demo contacts and segments.

Data only, loaded by `seed_demo` (via `cms.demo_data`); nothing else refers to it.
"""

# The five districts and boroughs of the seed, then the county-wide pseudo-district.
DISTRICTS = [
    "North Warwickshire",
    "Nuneaton and Bedworth",
    "Rugby",
    "Stratford-on-Avon",
    "Warwick",
]
COUNTY_WIDE = "County-wide"


# --- Contact directory ----------------------------------------------------------------------
# Networks: (name, district or None for county-wide, description).
NETWORKS = [
    *(
        (
            f"{district} Community Prevent Network",
            district,
            f"Community, faith and voluntary groups working with the partnership in {district}.",
        )
        for district in DISTRICTS
    ),
    (
        "Prevent Working Group",
        None,
        "The multi-agency group that owns the Prevent action plan and reports to the board.",
    ),
    (
        "Third and Public Sector Partnership Group",
        None,
        "Voluntary, community and public sector organisations sharing Prevent work.",
    ),
]

# Demo people: (first, last, organisation or None, districts, roles, topics, networks, tags).
# An organisation that is not one of ORGANISATIONS is what the person typed: it links when it
# matches one exactly (normalised), otherwise it waits on the unmatched organisations screen
# (a near-miss with a suggestion, or a name the directory does not know).
# Addresses are first.last@example.org; none of these people exist.
_P = "prevent-lead"
_DSL = "designated-safeguarding-lead"
_CNM = "community-network-member"
_VCS = "voluntary-sector-representative"
_PWG = "prevent-working-group-member"
_EMP = "employer-contact"
_EM = "elected-member"
_ALL = ["newsletter", "updates", "events"]
_NET = "Community Prevent Network"
CONTACTS = [
    (
        "Alice",
        "Archer",
        "North Warwickshire Borough Council",
        ["North Warwickshire"],
        [_P, _PWG],
        _ALL,
        ["Prevent Working Group"],
        ["wrap-trainer"],
    ),
    (
        "Ben",
        "Bhatt",
        "Nuneaton and Bedworth Borough Council",
        ["Nuneaton and Bedworth"],
        [_P],
        _ALL,
        ["Prevent Working Group"],
        [],
    ),
    ("Carys", "Clarke", "Rugby Borough Council", ["Rugby"], [_P], _ALL, [f"Rugby {_NET}"], []),
    (
        "Dev",
        "Desai",
        "Warwick District Council",
        ["Warwick"],
        [_P, _PWG],
        _ALL,
        ["Prevent Working Group", f"Warwick {_NET}"],
        ["wrap-trainer"],
    ),
    (
        "Ellen",
        "Evans",
        "Warwickshire County Council",
        ["County-wide"],
        [_P, _PWG],
        _ALL,
        ["Prevent Working Group", "Third and Public Sector Partnership Group"],
        ["board"],
    ),
    (
        "Farid",
        "Fowler",
        "George Eliot Hospital NHS Trust",
        ["Nuneaton and Bedworth"],
        [_P],
        ["newsletter", "events"],
        [],
        [],
    ),
    (
        "Grace",
        "Green",
        "South Warwickshire NHS Foundation Trust",
        ["Stratford-on-Avon", "Warwick"],
        [_P],
        ["newsletter", "updates"],
        [],
        [],
    ),
    (
        "Harry",
        "Hughes",
        "National Probation Service",
        ["County-wide"],
        [_P, _PWG],
        _ALL,
        ["Prevent Working Group"],
        [],
    ),
    (
        "Isla",
        "Irving",
        "Warwickshire and West Mercia Police Strategic Alliance",
        ["County-wide"],
        [_P, _PWG],
        _ALL,
        ["Prevent Working Group"],
        ["police"],
    ),
    (
        "Jack",
        "Jones",
        "Further education colleges and sixth forms",
        ["Warwick"],
        [_DSL],
        ["newsletter", "events"],
        [],
        ["fe"],
    ),
    (
        "Kiran",
        "Kaur",
        "Maintained schools, special schools, nursery schools, independent schools "
        "and alternative provision academies",
        ["Rugby"],
        [_DSL],
        ["newsletter", "updates"],
        [],
        ["schools"],
    ),
    (
        "Laura",
        "Lewis",
        "Maintained schools, special schools, nursery schools, independent schools "
        "and alternative provision academies",
        ["Nuneaton and Bedworth"],
        [_DSL],
        _ALL,
        [],
        ["schools"],
    ),
    (
        "Marek",
        "Mazur",
        "Universities (higher education institutions)",
        ["Warwick"],
        [_P],
        ["newsletter"],
        [],
        ["he"],
    ),
    (
        "Nadia",
        "Noor",
        "Bedworth Community Larder",
        ["Nuneaton and Bedworth"],
        [_CNM],
        ["updates", "events"],
        [f"Nuneaton and Bedworth {_NET}"],
        [],
    ),
    (
        "Owen",
        "Owens",
        "George Elliot Hospital",
        ["Nuneaton and Bedworth"],
        [_CNM],
        ["updates"],
        [f"Nuneaton and Bedworth {_NET}"],
        [],
    ),
    (
        "Priya",
        "Patel",
        None,
        ["Warwick"],
        [_CNM, _VCS],
        _ALL,
        [f"Warwick {_NET}", "Third and Public Sector Partnership Group"],
        ["faith-forum"],
    ),
    (
        "Quentin",
        "Quinn",
        "St Nicholas CE Primary School",
        ["Warwick"],
        [_CNM],
        ["updates"],
        [f"Warwick {_NET}"],
        [],
    ),
    ("Rosa", "Reyes", None, ["Rugby"], [_CNM], ["updates", "events"], [f"Rugby {_NET}"], []),
    (
        "Sam",
        "Shah",
        None,
        ["Rugby"],
        [_CNM, _VCS],
        _ALL,
        [f"Rugby {_NET}", "Third and Public Sector Partnership Group"],
        [],
    ),
    (
        "Tom",
        "Turner",
        "The Stratford District Council",
        ["Stratford-on-Avon"],
        [_CNM],
        ["newsletter", "updates"],
        [f"Stratford-on-Avon {_NET}"],
        [],
    ),
    (
        "Uma",
        "Usman",
        "Bedworth community larder",
        ["North Warwickshire"],
        [_CNM],
        ["updates"],
        [f"North Warwickshire {_NET}"],
        [],
    ),
    (
        "Victor",
        "Vance",
        None,
        ["North Warwickshire"],
        [_VCS],
        _ALL,
        ["Third and Public Sector Partnership Group"],
        ["wcava"],
    ),
    (
        "Wendy",
        "Walsh",
        None,
        ["County-wide"],
        [_VCS],
        ["newsletter", "events"],
        ["Third and Public Sector Partnership Group"],
        ["wcava"],
    ),
    ("Xavier", "Xu", None, ["Stratford-on-Avon"], [_EMP], ["newsletter"], [], ["business"]),
    ("Yasmin", "Young", None, ["Warwick"], [_EMP], ["newsletter", "events"], [], ["business"]),
    (
        "Zac",
        "Zeller",
        "Stratford District Council",
        ["Stratford-on-Avon"],
        [_EM],
        ["newsletter"],
        [],
        ["councillor"],
    ),
    (
        "Amira",
        "Ali",
        "Rugby Borough Council",
        ["Rugby"],
        [_EM],
        ["newsletter", "events"],
        [],
        ["councillor"],
    ),
    (
        "Bethany",
        "Brown",
        "Coventry and Warwickshire Partnership NHS Trust",
        ["County-wide"],
        [_DSL],
        ["newsletter", "updates"],
        [],
        [],
    ),
    ("Callum", "Cole", "Pupil referral units", ["Nuneaton and Bedworth"], [_DSL], _ALL, [], []),
    (
        "Daisy",
        "Dunn",
        "Registered early years childcare providers",
        ["Stratford-on-Avon"],
        [_DSL],
        ["newsletter"],
        [],
        ["early-years"],
    ),
    (
        "Ethan",
        "Ellis",
        "Warwick District Counsil",
        ["Warwick"],
        [_CNM],
        [],
        [f"Warwick {_NET}"],
        [],
    ),
    (
        "Fatima",
        "Farah",
        None,
        ["Nuneaton and Bedworth"],
        [_CNM, _VCS],
        ["updates", "events"],
        [f"Nuneaton and Bedworth {_NET}"],
        ["faith-forum"],
    ),
]

# Saved audiences: (name, description, rules with names instead of ids).
SEGMENTS = [
    (
        "Prevent leads of the specified authorities",
        "Everyone holding the Prevent lead role.",
        {"roles": ["prevent-lead"]},
    ),
    (
        "Schools and colleges safeguarding leads",
        "Designated safeguarding leads in education.",
        {"roles": ["designated-safeguarding-lead"], "sectors": ["education"]},
    ),
    (
        "Community networks, Nuneaton and Bedworth",
        "The district's community network, without the county-wide groups.",
        {
            "districts": ["Nuneaton and Bedworth"],
            "networks": [f"Nuneaton and Bedworth {_NET}"],
            "exclude": {"tags": ["board"]},
        },
    ),
]
