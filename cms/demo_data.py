"""Demo data: the partnership of the seed action plan (Warwickshire, 2015–2018).

This is data, loaded by `manage.py seed_demo`; nothing else in the code refers to the county.
"""

PARTNERSHIP = {
    "name": "Warwickshire Prevent Partnership",
    "short_name": "Warwickshire Prevent",
    "area_name": "Warwickshire",
    "strapline": "Working together to stop people being drawn into terrorism",
    "brand_colour": "#1d4f76",
    "contact_email": "prevent@example.org",
    "contact_address": "Prevent Coordinator\nCommunity Safety Team\nShire Hall, Warwick",
    "safeguarding_referral_url": "https://example.org/safeguarding/make-a-referral",
}

# The five districts and boroughs of the seed, then the county-wide pseudo-district.
DISTRICTS = [
    "North Warwickshire",
    "Nuneaton and Bedworth",
    "Rugby",
    "Stratford-on-Avon",
    "Warwick",
]
COUNTY_WIDE = "County-wide"

# Appendix A: the specified authorities, as (name, sector, districts or None for county-wide).
ORGANISATIONS = [
    ("North Warwickshire Borough Council", "local_authority", ["North Warwickshire"]),
    ("Nuneaton and Bedworth Borough Council", "local_authority", ["Nuneaton and Bedworth"]),
    ("Rugby Borough Council", "local_authority", ["Rugby"]),
    ("Stratford District Council", "local_authority", ["Stratford-on-Avon"]),
    ("Warwick District Council", "local_authority", ["Warwick"]),
    ("Warwickshire County Council", "local_authority", None),
    (
        "Maintained schools, special schools, nursery schools, independent schools and "
        "alternative provision academies",
        "education",
        None,
    ),
    ("Pupil referral units", "education", None),
    ("Registered early years childcare providers", "education", None),
    ("Registered later years childcare providers", "education", None),
    ("Providers of holiday schemes for disabled children", "education", None),
    ("Further education colleges and sixth forms", "education", None),
    ("Universities (higher education institutions)", "education", None),
    ("George Eliot Hospital NHS Trust", "health", ["Nuneaton and Bedworth"]),
    ("South Warwickshire NHS Foundation Trust", "health", ["Stratford-on-Avon", "Warwick"]),
    ("University Hospitals Coventry and Warwickshire NHS Trust", "health", ["Rugby"]),
    ("Coventry and Warwickshire Partnership NHS Trust", "health", None),
    ("National Probation Service", "prisons_probation", None),
    ("Warwickshire and West Mercia Community Rehabilitation Company", "prisons_probation", None),
    ("Warwickshire and West Mercia Police Strategic Alliance", "police", None),
    ("Warwickshire Police and Crime Commissioner", "police", None),
]

# Appendix B.
ACRONYMS = [
    ("CCG", "Clinical Commissioning Group"),
    ("CTLP", "Counter Terrorism Local Profile"),
    ("IAG", "Independent Advisory Group"),
    ("PWG", "Prevent Working Group"),
    ("SEN", "Special Educational Needs"),
    ("SNT", "Safer Neighbourhood Team"),
    ("SWPB", "Safer Warwickshire Partnership Board"),
    ("WCAVA", "Warwickshire Community and Voluntary Action"),
    ("WCC", "Warwickshire County Council"),
    ("WD Faiths Forum", "Warwick District Faiths Forum"),
    ("WRAP", "Workshop to Raise Awareness of Prevent"),
    ("WSAB", "Warwickshire Safeguarding Adults Board"),
    ("WSCB", "Warwickshire Safeguarding Children's Board"),
]

HOME_INTRO = (
    "<p>The Warwickshire Prevent Partnership brings together the county and district councils, "
    "schools, colleges, health, probation, the police and the voluntary and community sector to "
    "stop people being drawn into terrorism, and to support communities in challenging "
    "extremist narratives.</p>"
)

# The three doors of the home page. Each becomes a page; until its issue lands it says so.
QUICK_LINKS = [
    (
        "subscribe",
        "Subscribe",
        "Get the quarterly newsletter, alerts and invitations for your district.",
    ),
    (
        "report",
        "Report a concern or give feedback",
        "Tell us about community tensions, online material or anything else, "
        "anonymously if you wish.",
    ),
    ("events", "Events", "The annual Prevent event and other learning and development sessions."),
]
# Quick links served by an app's own views rather than a page: slug -> URL.
QUICK_LINK_URLS = {"report": "/report/"}
