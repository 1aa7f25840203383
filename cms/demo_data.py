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

# The five districts and boroughs of the seed, then the county-wide pseudo-district, and the
# directory's networks, contacts and segments: see cms/demo_data_directory.py.
from cms.demo_data_directory import (  # noqa: E402, F401
    CONTACTS,
    COUNTY_WIDE,
    DISTRICTS,
    NETWORKS,
    SEGMENTS,
)

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

# The three doors of the home page. A door with a URL (the fifth item) links to an app's own
# pages; the others start as placeholder content pages, which an app's own demo seeding replaces
# with its index page (events).
QUICK_LINKS = [
    (
        "subscribe",
        "Subscribe",
        "Get the quarterly newsletter, alerts and invitations for your district.",
        "/subscribe/",
    ),
    (
        "report",
        "Report a concern or give feedback",
        "Tell us about community tensions, online material or anything else, "
        "anonymously if you wish.",
        "/report/",
    ),
    ("events", "Events", "The annual Prevent event and other learning and development sessions."),
]

# Newsletters (seed action 6.5): the public archive and one quarterly issue drawn from the plan.
NEWSLETTER_INDEX = {
    "title": "Newsletters",
    "slug": "newsletters",
    "show_in_menus": True,
    "intro": (
        "<p>The partnership's quarterly newsletter and ad-hoc updates: Prevent activity, learning "
        "and development sessions and emerging trends.</p>"
    ),
}
NEWSLETTER_APPROVERS_GROUP = "Newsletter approvers"
NEWSLETTER_WORKFLOW = "Newsletter approval"

DEMO_NEWSLETTER = {
    "title": "Prevent partnership news: our first issue",
    "slug": "our-first-issue",
    "kind": "quarterly",
    # Dates are relative to the day of seeding (cms seed_demo): this is the latest issue,
    # its sessions are weeks ahead and its event is the annual event's day.
    "issue_date": "{issue_date}",
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
                        "date": "{wrap_date}",
                        "time": "9.30am to 12.30pm",
                        "audience": (
                            "Frontline workers in a care and support role, community leaders "
                            "and school governors"
                        ),
                    },
                    {
                        "level": "3",
                        "title": "WRAP train the trainer",
                        "date": "{trainer_date}",
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
                "date": "{event_date}",
                "time": "Details to follow",
                "description": (
                    "<p>Review progress, celebrate achievements, share learning and refresh the "
                    "action plan for the year ahead. Prevent leads, community Prevent networks "
                    "and the Third and Public Sector Partnership Group are all invited.</p>"
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
                    "networks is planned for next month.</p>"
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


# --- The information hub ---------------------------------------------------------------------
# Pages under the home page, in menu order. Each is created once; editors own them afterwards.

REPORT_CONCERN_PAGE = {
    "slug": "how-to-report-a-concern",
    "title": "How to report a concern",
    "intro": (
        "<p>If you are worried that someone is being drawn into terrorism or that tension is "
        "building in your community, tell us. You do not have to be certain: the police and "
        "safeguarding teams would rather hear about a concern that turns out to be nothing.</p>"
    ),
    "pathways": [
        (
            "immediate_danger",
            "<p>If someone is in immediate danger, or you see or hear something that could be "
            "an attack being planned, call 999 straight away.</p>",
        ),
        (
            "individual",
            "<p>If you are worried about a child, young person or adult who may be at risk of "
            "radicalisation, talk to your organisation's Prevent lead or designated safeguarding "
            "lead, then make a referral. Referrals go to the safeguarding team and the police "
            "Prevent team, who decide together whether support through Channel may help.</p>",
        ),
        (
            "community_tension",
            "<p>Tell the police Prevent team about rising tension between groups, hostile "
            "leaflets or graffiti, or events that may lead to conflict. You can report "
            "anonymously.</p>",
        ),
        (
            "online_material",
            "<p>Report online material that promotes terrorism or extremism: articles, images, "
            "speeches or videos that glorify violence or encourage people to commit acts of "
            "terrorism.</p>",
        ),
    ],
}

CHANNEL_PAGE = {
    "slug": "prevent-and-channel",
    "title": "Prevent and the Channel process",
    "summary": "What Prevent is, what Channel is, and what happens after a referral.",
    "body": [
        ("heading", "What is Prevent?"),
        (
            "paragraph",
            "<p>Prevent is part of the Government's counter-terrorism strategy, CONTEST. It aims "
            "to stop people becoming terrorists or supporting terrorism. Since the "
            "Counter-Terrorism and Security Act 2015, councils, schools, colleges, universities, "
            "health, probation and the police must have due regard to the need to prevent people "
            "from being drawn into terrorism: the Prevent duty. The PWG coordinates this work "
            "across the partnership.</p>",
        ),
        ("heading", "What is Channel?"),
        (
            "paragraph",
            "<p>Channel is a voluntary, confidential support programme for people of any age who "
            "are at risk of being drawn into terrorism. A multi-agency Channel Panel, chaired by "
            "the local authority, looks at each referral and agrees a support plan, which may "
            "include mentoring, help with education, housing or employment, or health "
            "support. Taking part is always voluntary; it is not a criminal sanction and does "
            "not lead to a criminal record.</p>",
        ),
        (
            "callout",
            {
                "style": "important",
                "heading": "This website does not take referrals",
                "text": "<p>Channel cases are handled only in the Channel Panel's own secure "
                "case system. To refer someone, follow the steps on "
                '<a linktype="page" id="{report_page_id}">How to report a concern</a>.</p>',
            },
        ),
        (
            "accordion",
            {
                "heading": "Questions people ask",
                "items": [
                    {
                        "question": "Will the person know they have been referred?",
                        "answer": "<p>Yes. Channel is voluntary: the person (or their parent or "
                        "carer, for a child) is asked for consent before any support "
                        "starts.</p>",
                    },
                    {
                        "question": "Is Prevent about a particular faith or community?",
                        "answer": "<p>No. Prevent deals with all forms of terrorism and "
                        "extremist ideology. Concerns are about behaviour, not about who "
                        "someone is or what they believe.</p>",
                    },
                    {
                        "question": "What if I am not sure?",
                        "answer": "<p>Talk to your organisation's Prevent lead or designated "
                        "safeguarding lead, or call the police on 101 to talk a concern "
                        "through.</p>",
                    },
                ],
            },
        ),
        (
            "contact",
            {
                "name": "Police Prevent Team",
                "description": "For advice on a concern, or to discuss a possible referral.",
                "email": "prevent.team@example.org",
                "phone": "101",
                "address": "",
                "url": None,
            },
        ),
    ],
}

LEARNING_SECTION = {
    "slug": "learning-and-development",
    "title": "Learning and development",
    "intro": (
        "<p>The partnership's learning and development framework sets out who needs what level "
        "of Prevent training. Start at level 1; your Prevent lead will tell you if your role "
        "needs level 2 or 3.</p>"
    ),
}

# (slug, title, level, summary, audience, duration, format, how to book)
LEARNING_PACKAGES = [
    (
        "prevent-e-learning",
        "Prevent awareness e-learning",
        1,
        "An introduction to Prevent: what radicalisation is, how to notice concerns and "
        "what to do.",
        "All staff within specified authorities, including commissioned services; community "
        "members and elected representatives.",
        "About 45 minutes",
        "e_learning",
        "<p>Take the national Prevent awareness course online at any time, then keep your "
        "certificate for your training record.</p>",
    ),
    (
        "wrap",
        "Workshop to Raise Awareness of Prevent (WRAP)",
        2,
        "A facilitated WRAP workshop on recognising vulnerability and making a referral.",
        "Frontline workers in a care and support role; community leaders; school governors.",
        "Half a day",
        "face_to_face",
        "<p>WRAP sessions run every quarter in each district. Ask your Prevent lead for the "
        "next date, or email the partnership to book a place.</p>",
    ),
    (
        "train-the-trainer",
        "Prevent train the trainer",
        3,
        "Prepares organisational Prevent leads to deliver WRAP within their own organisation.",
        "Organisational Prevent leads; designated safeguarding leads.",
        "One day, plus an observed session",
        "blended",
        "<p>Places are limited and allocated by the PWG. Your organisation's Prevent lead "
        "applies on your behalf by emailing the partnership.</p>",
    ),
]

MATERIALS_PAGE = {
    "slug": "materials",
    "title": "Leaflets, briefings and posters",
    "intro": "<p>Materials to download, print and share. Filter by who they are for.</p>",
}

MATERIAL_AUDIENCES = ["Staff", "Parents", "Employers", "Young people", "Community"]
MATERIAL_TOPICS = ["Understanding Prevent", "Reporting concerns", "Online safety"]

# (title, format, audiences, topics, summary, review in days from seeding (negative: overdue))
MATERIALS = [
    (
        "Prevent: a briefing for employers",
        "briefing",
        ["Employers"],
        ["Understanding Prevent", "Reporting concerns"],
        "What the Prevent duty means for your workforce and what to do if you are worried "
        "about a colleague.",
        120,
    ),
    (
        "Talking to your child about extremism",
        "leaflet",
        ["Parents"],
        ["Understanding Prevent", "Online safety"],
        "How to spot when something is not right and where parents can get support.",
        -10,
    ),
    (
        "Report online terrorist material",
        "poster",
        ["Young people", "Community", "Staff"],
        ["Online safety", "Reporting concerns"],
        "A poster for notice boards explaining how to report online material.",
        45,
    ),
    (
        "Prevent for frontline staff",
        "guidance",
        ["Staff"],
        ["Understanding Prevent", "Reporting concerns"],
        "A two-page guide for staff of the specified authorities, with the referral route.",
        -3,
    ),
]

GLOSSARY_PAGE = {
    "slug": "glossary",
    "title": "Glossary",
    "intro": "<p>The acronyms used across the partnership and on this site.</p>",
}

PARTNERS_PAGE = {
    "slug": "partners",
    "title": "Our partners",
    "intro": (
        "<p>The organisations and networks that make up the partnership, by district. To "
        "contact the partnership, use the address at the foot of every page.</p>"
    ),
}

# The demo's content editor: owns the materials and gets their review reminders. No password is
# set: the coordinator gives one in the admin if the demo needs an editor login.
DEMO_EDITOR = {
    "username": "editor",
    "email": "editor@example.org",
    "first_name": "Eddie",
    "last_name": "Editor",
}


# --- The annual Prevent event (seed action 2.5) -----------------------------------------------
# Loaded by events/demo.py. Held in May of the coming year; a day session for partners and an
# evening session so community and voluntary-sector members can come after work.
EVENT_INDEX = {
    "title": "Events",
    "slug": "events",
    "show_in_menus": True,
    "intro": "<p>The annual Prevent event and other learning and development sessions.</p>",
}
ANNUAL_EVENT = {
    "title": "Annual Prevent partnership event",
    "slug": "annual-prevent-event",
    "summary": "Review the year's progress on the action plan, celebrate what partners have "
    "achieved, share learning and refresh the plan for the year ahead.",
    "month": 5,
    "day": 14,
    "venue": "Shire Hall, main conference room",
    "venue_address": "Market Place\nWarwick",
    "accessibility": "Step-free entrance from Market Place; lift to all floors; hearing loop in "
    "the conference room; accessible toilets on each floor; a quiet room is available. Tell us "
    "about any other needs when you answer.",
    "deadline_days_before": 14,
    "sessions": [
        # name, start (h, m), end (h, m), capacity
        ("Day session", (9, 30), (15, 30), 80),
        ("Evening session", (18, 0), (20, 30), 60),
    ],
    "agenda": [
        ("heading", "Day session"),
        ("item", {"time": "09:30", "title": "Welcome and the year in review", "description": ""}),
        (
            "item",
            {
                "time": "10:30",
                "title": "Workshops: sharing learning across sectors",
                "description": "Schools and colleges, health, community networks.",
            },
        ),
        ("item", {"time": "13:30", "title": "Refreshing the action plan", "description": ""}),
        ("heading", "Evening session"),
        (
            "item",
            {
                "time": "18:00",
                "title": "Community and voluntary sector: what worked",
                "description": "An informal session with food.",
            },
        ),
    ],
}


# --- Footer pages: a privacy notice and an accessibility statement -----------------
# Seeded once under the home page, out of the main menu, and linked from the footer.
PRIVACY_PAGE = {
    "slug": "privacy",
    "title": "Privacy notice",
    "summary": "What the partnership keeps about you, why, for how long, and your rights.",
    "body": [
        ("heading", "What we keep"),
        (
            "paragraph",
            "<p>If you subscribe, we keep your name, email address, organisation and the "
            "districts and kinds of email you chose, with a record of when and how you agreed. "
            "If you answer an invitation we keep your answer and any dietary or access needs you "
            "tell us, until the event's figures are reported.</p>",
        ),
        ("heading", "Reports and feedback"),
        (
            "paragraph",
            "<p>A report can be anonymous. What you tell us is seen only by the responders of "
            "the police Prevent team and the partnership who handle reports; every view is "
            "recorded. We never put a report in an email. Closed reports are removed or "
            "anonymised after the retention period.</p>",
        ),
        ("heading", "Your rights"),
        (
            "paragraph",
            "<p>Every email has a link to change your choices or unsubscribe. You can ask the "
            "partnership for a copy of what we hold about you, or for it to be erased, using the "
            "contact details at the foot of every page.</p>",
        ),
    ],
}
ACCESSIBILITY_PAGE = {
    "slug": "accessibility",
    "title": "Accessibility statement",
    "summary": "How accessible this website is, and how to tell us about a problem.",
    "body": [
        (
            "paragraph",
            "<p>We want as many people as possible to be able to use this website. It aims to "
            "meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA: you can "
            "navigate it with a keyboard or a screen reader, zoom to 400% without losing "
            "content, and every form names its errors.</p>",
        ),
        ("heading", "Known problems"),
        (
            "paragraph",
            "<p>Some older PDF leaflets are not fully accessible. Ask us for another format and "
            "we will send it.</p>",
        ),
        ("heading", "Tell us about a problem"),
        (
            "paragraph",
            "<p>If something on this website does not work for you, email the partnership "
            "using the address at the foot of every page. We reply within 5 working days.</p>",
        ),
    ],
}
FOOTER_PAGES = [PRIVACY_PAGE, ACCESSIBILITY_PAGE]

# A partner-only material (seed action 6.3): staff open it with their login, contacts with the
# personal link of an alert or a fresh one by email. The figures are illustrative.
CTLP_SUMMARY_PAGE = {
    "slug": "counter-terrorism-local-profile-summary",
    "title": "Counter Terrorism Local Profile: summary for partners",
    "summary": "This year's summary of the Counter Terrorism Local Profile, for partners only.",
    "body": [
        (
            "paragraph",
            "<p>Each year the police Counter Terrorism Local Profile (CTLP) is summarised for the "
            "partnership, so that partners can plan their Prevent work around current risks. "
            "This summary is for partners only: please do not forward it.</p>",
        ),
        ("heading", "What the profile says this year"),
        (
            "paragraph",
            "<p>Online radicalisation remains the main route of concern, especially for young "
            "people; community tension after national incidents is short-lived but needs quick, "
            "joined-up reassurance. Referrals are still lowest from the voluntary sector.</p>",
        ),
        ("heading", "What we ask of partners"),
        (
            "paragraph",
            "<p>Make sure frontline staff have completed WRAP, share concerns early through the "
            "referral route, and tell the police Prevent team about tension in your area.</p>",
        ),
    ],
}
