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

# Newsletters (seed action 6.5): the public archive and one quarterly issue drawn from the plan.
NEWSLETTER_INDEX = {
    "title": "Newsletters",
    "slug": "newsletters",
    "intro": (
        "<p>The partnership's quarterly newsletter and ad-hoc updates: Prevent activity, learning "
        "and development sessions and emerging trends.</p>"
    ),
}
NEWSLETTER_APPROVERS_GROUP = "Newsletter approvers"
NEWSLETTER_WORKFLOW = "Newsletter approval"

DEMO_NEWSLETTER = {
    "title": "Prevent partnership news: winter 2015/16",
    "slug": "winter-2015-16",
    "kind": "quarterly",
    "issue_date": "2016-01-15",
    "summary": (
        "Community Prevent networks in every district, a new Prevent hub, learning and "
        "development sessions at three levels, and the annual Prevent event in May."
    ),
    # Raw StreamField data; {home} is replaced by the home page's id when seeding.
    "body": [
        {
            "type": "rich_text",
            "value": (
                "<p>Welcome to the first quarterly newsletter of the Warwickshire Prevent "
                "Partnership, for Prevent leads, community Prevent networks, voluntary sector "
                "organisations and other key stakeholders.</p>"
            ),
        },
        {"type": "heading", "value": "Across the partnership"},
        {
            "type": "article",
            "value": {
                "title": "Community Prevent networks in every district",
                "body": (
                    "<p>Each district and borough is growing a community Prevent network, built "
                    "on local arrangements, to give communities a two-way line to the Prevent "
                    "Working Group and to shape how Prevent messages are delivered locally.</p>"
                ),
                "link_text": "Read more",
            },
        },
        {
            "type": "article",
            "value": {
                "title": "One hub for Prevent information",
                "body": (
                    "<p>The partnership's Prevent pages are becoming the hub for county "
                    "information: learning and development packages, how to report concerns, "
                    "pathways and the Channel process.</p>"
                ),
                "page": "{home}",
                "link_text": "Visit the hub",
            },
        },
        {
            "type": "learning_sessions",
            "value": {
                "title": "Learning and development sessions",
                "intro": "Prevent awareness is for everyone: choose the level that fits your role.",
                "sessions": [
                    {
                        "level": "1",
                        "title": "Prevent e-learning",
                        "time": "Any time, online",
                        "audience": (
                            "All staff within specified authorities, community members and "
                            "elected representatives"
                        ),
                        "url": "https://warwickshire.learningpool.com/",
                    },
                    {
                        "level": "2",
                        "title": "Workshop to Raise Awareness of Prevent (WRAP)",
                        "date": "2016-02-24",
                        "time": "9.30am to 12.30pm",
                        "audience": (
                            "Frontline workers in a care and support role, community leaders "
                            "and school governors"
                        ),
                    },
                    {
                        "level": "3",
                        "title": "WRAP train the trainer",
                        "date": "2016-03-16",
                        "time": "9.30am to 4pm",
                        "audience": (
                            "Organisational Prevent leads and designated safeguarding leads"
                        ),
                    },
                ],
            },
        },
        {
            "type": "upcoming_event",
            "value": {
                "title": "Annual Prevent event",
                "date": "2016-05-19",
                "time": "Details to follow",
                "description": (
                    "<p>Review progress, celebrate achievements, share learning and refresh the "
                    "action plan for 2016/17. Prevent leads, community Prevent networks and the "
                    "Third and Public Sector Partnership Group are all invited.</p>"
                ),
                "link_text": "Find out more",
            },
        },
        {
            "type": "emerging_issues",
            "value": {
                "title": "Emerging issues",
                "body": (
                    "<p>Please tell the Police Prevent Team about any new or emerging community "
                    "tensions you notice, including online activity, so partners can step in "
                    "early before issues escalate.</p><p>A briefing on the Counter Terrorism "
                    "Local Profile (CTLP) for specified authorities and community Prevent "
                    "networks is planned for April 2016.</p>"
                ),
                "show_reporting_guidance": True,
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "text": "Seen terrorist or extremist material online? Report it, anonymously.",
                "button_label": "Report online terrorist material",
                "url": "https://www.gov.uk/report-terrorism",
            },
        },
        {
            "type": "resource_links",
            "value": {
                "title": "Guidance",
                "links": [
                    {
                        "title": "Prevent duty guidance for England and Wales",
                        "description": "What the duty asks of specified authorities.",
                        "url": (
                            "https://www.gov.uk/government/uploads/system/uploads/"
                            "attachment_data/file/417943/prevent_duty_guidance_england_wales.pdf"
                        ),
                    },
                    {
                        "title": "Channel duty guidance",
                        "description": "How Channel Panels support people at risk.",
                        "url": (
                            "https://www.gov.uk/government/uploads/system/uploads/"
                            "attachment_data/file/425189/channel_duty_guidance_april_2015.pdf"
                        ),
                    },
                ],
            },
        },
    ],
}
