"""Seeds the information hub's demo pages, materials, editors and workflow (run by seed_demo).

Idempotent: everything is created once, found by slug, title or name afterwards, and never
overwritten, so editors' later changes survive a re-seed.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms import demo_data
from cms.demo_pdf import simple_pdf
from cms.models import (
    ContentPage,
    GlossaryPage,
    LearningPackagePage,
    Material,
    MaterialAudience,
    MaterialsLibraryPage,
    MaterialTopic,
    PartnerListPage,
    ReportConcernPage,
    SectionIndexPage,
)

EDITORS = "Content editors"
APPROVERS = "Content approvers"
WORKFLOW = "Content approval"


def seed_hub(home: Page) -> None:
    """Create the hub's demo content under ``home`` (see the module docstring)."""
    editors, approvers = seed_editorial_groups(home)
    seed_workflow(home, approvers)
    editor = seed_demo_editor(editors)
    report = _child(home, ReportConcernPage, demo_data.REPORT_CONCERN_PAGE, _report_fields)
    _child(home, MaterialsLibraryPage, demo_data.MATERIALS_PAGE, _intro_fields)
    seeded = seed_materials(editor)
    _child(home, ContentPage, demo_data.CHANNEL_PAGE, lambda d: _channel_fields(d, seeded, report))
    learning = _child(home, SectionIndexPage, demo_data.LEARNING_SECTION, _intro_fields)
    for package in demo_data.LEARNING_PACKAGES:
        _child(learning, LearningPackagePage, package, _package_fields)
    _child(home, GlossaryPage, demo_data.GLOSSARY_PAGE, _intro_fields)
    _child(home, PartnerListPage, demo_data.PARTNERS_PAGE, _intro_fields)


def _content_page(home: Page, data: dict) -> Page:
    """A content page of the demo under ``home``, out of the main menu; created and published
    once, found by slug afterwards."""
    page = Page.objects.child_of(home).filter(slug=data["slug"]).first()
    if page is None:
        page = ContentPage(
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            search_description=data["summary"],
            body=list(data["body"]),
            show_in_menus=False,
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def seed_footer_pages(home: Page) -> list[Page]:
    """The privacy notice and the accessibility statement (the footer links to them)."""
    return [_content_page(home, data) for data in demo_data.FOOTER_PAGES]


def seed_partner_pages(home: Page) -> Page:
    """The partner-only CTLP summary: a "partners only" restriction, so partner staff open it
    signed in with two-factor and partner contacts with a personal link."""
    from networks.partner_pages import restrict_to_partners

    page = _content_page(home, demo_data.CTLP_SUMMARY_PAGE)
    restrict_to_partners(page)
    return page


def _child(parent, page_class, data, fields):
    """The child of ``parent`` with the data's slug, created and published if missing."""
    slug = data[0] if isinstance(data, tuple) else data["slug"]
    existing = Page.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = page_class(
        slug=slug, show_in_menus=page_class is not LearningPackagePage, **fields(data)
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _intro_fields(data):
    return {"title": data["title"], "intro": data["intro"]}


def _report_fields(data):
    return {
        "title": data["title"],
        "intro": data["intro"],
        "search_description": strip_tags(data["intro"])[:255],
        "pathways": [
            ("pathway", {"kind": kind, "heading": "", "text": text})
            for kind, text in data["pathways"]
        ],
    }


def _channel_fields(data, materials, report_page):
    body = []
    for block_type, value in data["body"]:
        if block_type == "callout":
            # Rich text links to pages by id, known only once the report page exists.
            text = value["text"].replace("{report_page_id}", str(report_page.pk))
            value = {**value, "text": text}
        body.append((block_type, value))
    documents = [m.document for m in materials if m.format in {"guidance", "leaflet"}]
    if documents:
        body.append(("documents", {"heading": "Leaflets and guidance", "documents": documents}))
    return {"title": data["title"], "summary": data["summary"], "body": body}


def _package_fields(data):
    slug, title, level, summary, audience, duration, delivery_format, how_to_book = data
    del slug
    return {
        "title": title,
        "level": level,
        "summary": summary,
        "audience": audience,
        "duration": duration,
        "delivery_format": delivery_format,
        "how_to_book": how_to_book,
    }


def seed_materials(owner) -> list[Material]:
    """The demo materials, each with a small generated PDF; review dates relative to first seed."""
    audiences = {
        name: MaterialAudience.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(demo_data.MATERIAL_AUDIENCES)
    }
    topics = {
        name: MaterialTopic.objects.get_or_create(name=name, defaults={"sort_order": i})[0]
        for i, name in enumerate(demo_data.MATERIAL_TOPICS)
    }
    Document = get_document_model()
    materials = []
    today = timezone.localdate()
    for title, fmt, audience_names, topic_names, summary, review_in in demo_data.MATERIALS:
        material = Material.objects.filter(title=title).first()
        if material is None:
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title, collection=_root_collection())
                pdf = simple_pdf(title, [summary])
                document.file.save(f"{_slugish(title)}.pdf", ContentFile(pdf), save=False)
                document.save()
            material = Material.objects.create(
                title=title,
                summary=summary,
                document=document,
                format=fmt,
                owner=owner,
                review_by=today + datetime.timedelta(days=review_in),
            )
            material.audiences.set([audiences[a] for a in audience_names])
            material.topics.set([topics[t] for t in topic_names])
        materials.append(material)
    return materials


def _slugish(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:60]


def _root_collection() -> Collection:
    # A database flushed by tests has lost the collection root Wagtail's migration created.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def seed_demo_editor(editors: Group):
    User = get_user_model()
    data = demo_data.DEMO_EDITOR
    user = User.objects.filter(username=data["username"]).first()
    if user is None:
        user = User(**data)
        user.set_unusable_password()
        user.save()
    user.groups.add(editors)
    return user


def seed_editorial_groups(home: Page) -> tuple[Group, Group]:
    """ "Content editors" may add and change pages under ``home`` but not publish; "Content
    approvers" may also publish. Both reach the admin and manage documents and materials."""
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    approvers, _ = Group.objects.get_or_create(name=APPROVERS)
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    library = Permission.objects.filter(
        content_type__app_label="cms",
        codename__in=[
            f"{action}_{model}"
            for action in ("add", "change", "delete")
            for model in ("material", "materialaudience", "materialtopic", "acronym")
        ],
    )
    document_permissions = Permission.objects.filter(
        content_type__app_label="wagtaildocs",
        codename__in=["add_document", "change_document", "choose_document"],
    )
    root_collection = _root_collection()
    for group, page_actions in (
        (editors, ["add_page", "change_page"]),
        (approvers, ["add_page", "change_page", "publish_page"]),
    ):
        group.permissions.add(admin_access, *library)
        for codename in page_actions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for permission in document_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return editors, approvers


def seed_workflow(home: Page, approvers: Group) -> Workflow:
    """The "Content approval" workflow (one approval step by Content approvers) on the home tree."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name="Approval by a content approver").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Approval by a content approver")
        task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow
