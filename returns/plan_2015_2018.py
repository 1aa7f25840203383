"""The demo partnership's Prevent Action Plan 2015–2018 (seed: its action plan tables), as data
for `returns.demo`. Every action of the plan, in its words. Where the printed table leaves a
column out, the field is empty rather than guessed. The plan prints "3.6" twice; the second
(the employers' briefing) is stored as 3.7, with a note saying so.

`orgs` names the directory organisations that report on the action in the quarterly action
update ("specified" = every specified authority).
"""

PLAN = {
    "name": "Prevent Action Plan 2015–2018",
    "starts_on": "2015-04-01",
    "ends_on": "2018-03-31",
}

WCC = "Warwickshire County Council"
POLICE = "Warwickshire and West Mercia Police Strategic Alliance"
DISTRICT_COUNCILS = [
    "North Warwickshire Borough Council",
    "Nuneaton and Bedworth Borough Council",
    "Rugby Borough Council",
    "Stratford District Council",
    "Warwick District Council",
]
LD_TEAMS = (
    "Learning & Development teams within specified authorities; community Prevent networks, "
    "Third and Public Sector Partnership Group"
)
LD_GROUP = "PWG Learning & Development Task & Finish Group"
EDUCATION_OFFICER = (
    "Prevent Officer (with the Education Business Unit and Education Safeguarding Service)"
)
ALL_FAMILIES = (
    "All specified authorities, community Prevent networks, voluntary sector, individuals and "
    "their families"
)
LEADS_NETWORKS = "Prevent leads, community Prevent networks, voluntary sector representatives"
POLICE_WCC = "Police Prevent Team with WCC (Prevent Coordinator)"

THEMES = [
    {
        "number": 1,
        "name": "Community and voluntary sector engagement",
        "aim": "To prevent and challenge extremist narrative and behaviour from within "
        "communities themselves.",
        "actions": [
            {
                "number": "1.1",
                "text": "Grow and develop community Prevent networks in each district and borough "
                "to drive Prevent work from within",
                "responsible_agency": "Prevent Officer (with Localities & Partnerships)",
                "key_stakeholders": "Communities, WD Faiths Forum, WCAVA, Police (SNTs & IAGs), "
                "Third and Public Sector Partnership Group",
                "timescale": "Community Prevent networks in development by March 2016",
                "outcomes": "Community Prevent networks are linked into county Prevent activity; "
                "provide a 2-way communication mechanism between the PWG and communities; engage "
                "with agencies around the development and delivery of Prevent messages/activity; "
                "identify actions that communities can take to raise awareness of the issues",
                "notes": "Each area to develop its network according to local need / "
                "infrastructure, building on existing arrangements. Funding issues to be "
                "considered.",
                "orgs": [WCC],
            },
            {
                "number": "1.2",
                "text": "Warwickshire's Third and Public Sector Partnership Group to provide a "
                "mechanism for raising awareness of Prevent amongst the voluntary sector; "
                "gathering views and disseminating messages to networks, and providing support "
                "to communities with the delivery of action 1.1",
                "responsible_agency": "WCC (Localities & Partnerships)",
                "key_stakeholders": "Voluntary sector organisations, WCAVA, WCC, Police, "
                "District & Borough Councils",
                "timescale": "Voluntary sector engagement mechanism established by March 2016",
                "outcomes": "Warwickshire's voluntary sector is aware of Prevent and the county "
                "plan; receives information about Prevent activity and training; has a means of "
                "engaging with the development and delivery of Prevent messages/activity; "
                "supports community Prevent networks as they grow and develop",
                "notes": "",
                "orgs": [WCC],
            },
        ],
    },
    {
        "number": 2,
        "name": "Leadership, governance and accountability",
        "aim": "To ensure strong, coordinated community and partnership action which is "
        "accountable to the local community.",
        "actions": [
            {
                "number": "2.1",
                "text": "All specified authorities to identify Prevent leads within appropriate "
                "service areas to act as the link between the PWG and their service, to "
                "disseminate communications as required by the PWG and provide a single point of "
                "contact for staff/volunteers on Prevent issues etc",
                "responsible_agency": "All specified authorities",
                "key_stakeholders": "",
                "timescale": "Prevent leads identified by March 2015",
                "outcomes": "Specified authorities are fully linked into the county action plan; "
                "Prevent leads facilitate a 2-way communication mechanism; specified authorities "
                "fulfil their statutory Prevent Duty; staff have a nominated individual they can "
                "turn to for advice and information",
                "notes": "Role description for Prevent leads to be developed. School designated "
                "safeguarding leads will be the Prevent leads in those settings.",
                "orgs": "specified",
            },
            {
                "number": "2.2",
                "text": "Prevent page on Safe in Warwickshire to be developed as a hub for all "
                "county information on Prevent including learning & development packages, how "
                "to report concerns, pathways, the Channel process etc",
                "responsible_agency": "",
                "key_stakeholders": "",
                "timescale": "Prevent web page developed by March 2016",
                "outcomes": "Specified authorities, community Prevent networks, voluntary and "
                "private sector organisations etc have the information and tools they require to "
                "support county efforts in preventing terrorism in Warwickshire",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "2.3",
                "text": "PWG to review its membership",
                "responsible_agency": "WCC (Chair of the PWG)",
                "key_stakeholders": "All specified authorities, community Prevent networks, "
                "Third and Public Sector Partnership Group, Learning & Development Forum",
                "timescale": "Membership revised by December 2015",
                "outcomes": "Specified authorities, community Prevent networks, voluntary sector "
                "organisations are appropriately represented on the PWG and able to influence "
                "the direction of travel for Prevent work in Warwickshire",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "2.4",
                "text": "PWG to produce an annual report to demonstrate evidence of impact and "
                "effective fulfilment of the Prevent Duty",
                "responsible_agency": "PWG",
                "key_stakeholders": "Input from all specified authorities, community Prevent "
                "networks, Third and Public Sector Partnership Group etc",
                "timescale": "First annual report produced in May 2016",
                "outcomes": "The PWG demonstrates effective progress to implement the Prevent Duty",
                "notes": "Report to go to the SWPB, WSCB and WSAB",
                "orgs": [WCC],
            },
            {
                "number": "2.5",
                "text": "PWG to organise an annual Prevent event to review progress, celebrate "
                "achievements, share learning and refresh the action plan for 2016/17",
                "responsible_agency": "PWG",
                "key_stakeholders": "Invitees to include Prevent leads, community Prevent "
                "networks, Third and Public Sector Partnership Group etc",
                "timescale": "Annual event to be held in May",
                "outcomes": "Prevent leads, community Prevent networks, voluntary sector "
                "representatives feel supported in their role and have a forum to share and "
                "contribute to the ongoing development of Prevent work in Warwickshire",
                "notes": "Consider an evening event to enable access to community and voluntary "
                "sector representatives",
                "orgs": [WCC],
            },
        ],
    },
    {
        "number": 3,
        "name": "Awareness, learning and development",
        "aim": "Across all sectors, public, private, community and voluntary.",
        "actions": [
            {
                "number": "3.1",
                "text": "Develop a Warwickshire Prevent Learning & Development Competency "
                "Framework",
                "responsible_agency": LD_GROUP,
                "key_stakeholders": LD_TEAMS,
                "timescale": "Framework developed by January 2016",
                "outcomes": "It is clear who is required to do what in terms of Prevent learning "
                "& development across the specified authorities, community Prevent networks, "
                "voluntary and private sector organisations",
                "notes": "NHS England already have a Prevent Competencies Framework which can be "
                "adapted",
                "orgs": [WCC],
            },
            {
                "number": "3.2",
                "text": "Undertake a learning & development needs analysis against the competency "
                "framework to understand current levels of Prevent awareness and what's needed "
                "across the sectors",
                "responsible_agency": LD_GROUP,
                "key_stakeholders": LD_TEAMS,
                "timescale": "Needs analysis complete by March 2016",
                "outcomes": "Prevent learning & development needs across all sectors are "
                "identified to inform 3.3",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "3.3",
                "text": "Review and refresh current Prevent learning & development packages to "
                "ensure that they meet the needs as identified by the needs analysis",
                "responsible_agency": LD_GROUP,
                "key_stakeholders": LD_TEAMS,
                "timescale": "Packages reviewed by April 2016; amendments made thereafter",
                "outcomes": "Improvements and developments are identified and implemented",
                "notes": "May require funding to develop packages. Future resilience of Police "
                "Prevent training to be considered and potential for training key individuals "
                "within Warwickshire to deliver the train the trainer course.",
                "orgs": [WCC],
            },
            {
                "number": "3.4",
                "text": "Launch and promote the competency framework and refreshed packages "
                "across all sectors",
                "responsible_agency": "",
                "key_stakeholders": LD_TEAMS,
                "timescale": "May 2016 timed with the annual Prevent event",
                "outcomes": "Specified authorities, community Prevent networks, voluntary sector "
                "organisations have access to a comprehensive Prevent learning and development "
                "programme enabling them to fulfil their role",
                "notes": "Consider a Prevent App. May require funding to deliver packages, "
                "particularly face-to-face, train-the-trainer sessions.",
                "orgs": [WCC],
            },
            {
                "number": "3.5",
                "text": "Monitor take-up of the Prevent learning & development packages",
                "responsible_agency": "",
                "key_stakeholders": LD_TEAMS,
                "timescale": "Quarterly at PWG meetings",
                "outcomes": "Specified authorities can monitor compliance and target groups that "
                "have not undertaken the required learning & development activities; feedback "
                "can be collated from course participants to make further improvements",
                "notes": "",
                "orgs": "specified",
            },
            {
                "number": "3.6",
                "text": "Monitor the impact of Prevent learning & development by regular reports "
                "to the PWG of numbers of reported concerns and referral source",
                "responsible_agency": "Police Prevent Team",
                "key_stakeholders": "",
                "timescale": "Quarterly at PWG meetings",
                "outcomes": "The impact of the learning & development can be measured",
                "notes": "",
                "orgs": [POLICE],
            },
            {
                "number": "3.7",
                "text": "Develop a Prevent briefing for Warwickshire employers to raise awareness "
                "of the issue across the workforce, promote the learning & development packages "
                "available and increase knowledge of reporting processes",
                "responsible_agency": "Police Prevent Team; Coventry & Warwickshire Chamber of "
                "Commerce",
                "key_stakeholders": "",
                "timescale": "March 2016",
                "outcomes": "Warwickshire employers and their staff are informed about Prevent "
                "and know what to do if they have concerns about a colleague/employee",
                "notes": "Numbered 3.6 a second time in the printed plan.",
                "orgs": [POLICE],
            },
        ],
    },
    {
        "number": 4,
        "name": "Safe education",
        "aim": "In early years, schools, colleges and universities.",
        "actions": [
            {
                "number": "4.1",
                "text": "Develop and deliver a range of educational packages appropriate to early "
                "years, primary, secondary, post-16 and SEN settings, which raise awareness of "
                "Prevent and challenge extremist ideologies",
                "responsible_agency": EDUCATION_OFFICER,
                "key_stakeholders": "Safe Education Partnership; VOX Youth Council",
                "timescale": "Package designed by March 2016 with roll out from April 2016",
                "outcomes": "Young people are aware of extremist narratives and feel confident in "
                "reporting concerns to teachers/prevent leads",
                "notes": "Funding issues to be considered. Consider the Zak training package.",
                "orgs": [WCC],
            },
            {
                "number": "4.2",
                "text": "Consider and implement a means of making parents aware of Prevent "
                "issues, how they can challenge extremist narratives at home, reporting "
                "processes and available support",
                "responsible_agency": EDUCATION_OFFICER,
                "key_stakeholders": "Police Prevent Team; Safe Education Partnership; community "
                "Prevent networks",
                "timescale": "Awareness method developed by March 2016 with roll out from April "
                "2016",
                "outcomes": "Parents are aware of Prevent, feel confident in challenging "
                "extremist narratives and accessing support services where required",
                "notes": "Review West Mids Our Families, Our Future project",
                "orgs": [WCC],
            },
        ],
    },
    {
        "number": 5,
        "name": "Support",
        "aim": "Establish appropriate support for those identified as vulnerable and their "
        "families.",
        "actions": [
            {
                "number": "5.1",
                "text": "Review the Warwickshire Channel Panel terms of reference including "
                "information sharing arrangements against the Home Office guidance and best "
                "practice from other areas",
                "responsible_agency": "WCC (Channel Panel Chair)",
                "key_stakeholders": "Channel Panel statutory agencies",
                "timescale": "December 2015",
                "outcomes": "Warwickshire's Channel Panel is inclusive and effectively supports "
                "those accessing the process",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "5.2",
                "text": "Consider E-CINS as a mechanism for Channel Panel information sharing and "
                "case management",
                "responsible_agency": "Channel Panel",
                "key_stakeholders": "Channel Panel statutory agencies",
                "timescale": "March 2016",
                "outcomes": "The Channel Panel operates efficiently and effectively in a secure "
                "environment",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "5.3",
                "text": "Map and review the Warwickshire Channel Panel process and support "
                "pathway; undertake an Equality Impact Assessment to establish any gaps or "
                "improvements",
                "responsible_agency": "",
                "key_stakeholders": "Channel Panel statutory agencies, community Prevent "
                "networks, voluntary sector, individuals and their families",
                "timescale": "January 2016",
                "outcomes": "The support pathway is clear both for referring individuals and for "
                "referred individuals themselves; the process is inclusive and takes into "
                "account different individual needs",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "5.4",
                "text": "Based on the outcome of 5.3, consider developing a support service for "
                "individuals and their families going through the Channel process",
                "responsible_agency": "PWG",
                "key_stakeholders": ALL_FAMILIES,
                "timescale": "March 2016",
                "outcomes": "Individuals and their families going through the Channel process "
                "are provided with appropriate and effective support",
                "notes": "Consider a CAF mechanism for Channel cases",
                "orgs": [WCC],
            },
            {
                "number": "5.5",
                "text": "Develop a feedback mechanism to inform future practice",
                "responsible_agency": "Channel Panel",
                "key_stakeholders": ALL_FAMILIES,
                "timescale": "January 2016",
                "outcomes": "Warwickshire Channel process continues to grow and develop",
                "notes": "Feedback to feature within the Prevent annual report and event",
                "orgs": [WCC],
            },
        ],
    },
    {
        "number": 6,
        "name": "Intelligence and communications",
        "aim": "Mechanisms to monitor local community tensions, identify vulnerable individuals "
        "and communicate Prevent activity across agencies and communities.",
        "actions": [
            {
                "number": "6.1",
                "text": "Prevent leads, community Prevent networks, voluntary sector "
                "representatives to inform the Police Prevent Team if they identify any new and "
                "emerging community tensions",
                "responsible_agency": POLICE_WCC,
                "key_stakeholders": LEADS_NETWORKS,
                "timescale": "Ongoing",
                "outcomes": "Warwickshire Prevent leads and networks are alerted to any emerging "
                "issues and are able to intervene early to prevent issues from escalating",
                "notes": "Must include online activity",
                "orgs": [POLICE, WCC],
            },
            {
                "number": "6.2",
                "text": "Police Prevent Team and WCC Prevent Coordinator to ensure links are in "
                "place with neighbouring forces and local authorities to share information and "
                "monitor nearby emerging issues",
                "responsible_agency": POLICE_WCC,
                "key_stakeholders": LEADS_NETWORKS,
                "timescale": "December 2015",
                "outcomes": "Appropriate services are alerted and are able to intervene early to "
                "prevent issues from escalating",
                "notes": "",
                "orgs": [POLICE, WCC],
            },
            {
                "number": "6.3",
                "text": "Police Prevent Team to develop Counter Terrorism Local Profiles to "
                "ensure multi-agency involvement, preparation of summaries and appropriate "
                "dissemination",
                "responsible_agency": "Police Prevent Team",
                "key_stakeholders": "All specified authorities, community Prevent networks, "
                "Third and Public Sector Partnership Group, Warwickshire Observatory",
                "timescale": "Annually - every spring",
                "outcomes": "CTLPs are holistic and enable agencies to effectively understand and "
                "prioritise threat and vulnerability, and agree courses of action as required",
                "notes": "Briefing organised for April 2016",
                "orgs": [POLICE],
            },
            {
                "number": "6.4",
                "text": "PWG to review arrangements/booking conditions for lettings of community "
                "& private venues to ensure no venue is used by extremist groups",
                "responsible_agency": "",
                "key_stakeholders": "WCC, District and Borough Councils, Schools & Colleges, "
                "Town & Parish Councils, Third and Public Sector Partnership Group",
                "timescale": "March 2016",
                "outcomes": "Community and private venues are not used by extremist groups",
                "notes": "Similar initiative adopted in Camden; and Birmingham have a no platform "
                "policy",
                "orgs": [WCC, *DISTRICT_COUNCILS],
            },
            {
                "number": "6.5",
                "text": "Prevent Coordinator to develop a quarterly newsletter for Prevent leads, "
                "Community Prevent networks, voluntary sector organisations and other key "
                "stakeholders to provide updates on Prevent activity, learning and development "
                "sessions, emerging trends etc",
                "responsible_agency": "",
                "key_stakeholders": f"{LEADS_NETWORKS}, other key stakeholders",
                "timescale": "Quarterly newsletter and ad hoc updates",
                "outcomes": "Prevent leads, community Prevent networks, voluntary sector "
                "organisations and other key stakeholders feel informed and engaged in "
                "Warwickshire Prevent activity",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "6.6",
                "text": "Review and redesign the range of Prevent information materials to ensure "
                "they reflect Warwickshire Prevent key messages",
                "responsible_agency": "",
                "key_stakeholders": LEADS_NETWORKS,
                "timescale": "March 2016",
                "outcomes": "Prevent information leaflets are clear, consistent and present the "
                "right message to Warwickshire agencies and communities",
                "notes": "Consider a Prevent App. Funding issues to be considered.",
                "orgs": [WCC],
            },
            {
                "number": "6.7",
                "text": "National mechanism for reporting online terrorist material to be "
                "promoted (https://www.gov.uk/reportterrorism)",
                "responsible_agency": "",
                "key_stakeholders": LEADS_NETWORKS,
                "timescale": "March 2016",
                "outcomes": "Online material is reported and challenged by the appropriate "
                "authorities",
                "notes": "",
                "orgs": [WCC],
            },
            {
                "number": "6.8",
                "text": "Consider developing a targeted Warwickshire Prevent campaign similar to "
                "that recently used for Child Sexual Exploitation, i.e. “something's not right”",
                "responsible_agency": "",
                "key_stakeholders": "PWG, community Prevent networks, VOX Youth Council",
                "timescale": "Campaign launched at May annual Prevent event",
                "outcomes": "Warwickshire agencies and the wider community are made aware of "
                "Prevent; reporting of concerns increases",
                "notes": "Funding issues to be considered",
                "orgs": [WCC],
            },
            {
                "number": "6.9",
                "text": "Undertake an audit of arrangements specified authorities have in place "
                "for ensuring that inappropriate (in the context of Prevent) use of emails and "
                "internet can be flagged",
                "responsible_agency": "Prevent Officer (with the e-Safety Advisor)",
                "key_stakeholders": "All specified authorities",
                "timescale": "Audit complete by March 2016 with recommendations for further "
                "action identified",
                "outcomes": "Specified authorities are alerted to staff that may be "
                "communicating extremist language or accessing extremist material",
                "notes": "",
                "orgs": "specified",
            },
        ],
    },
]
