"""CSV import of completions from elsewhere (e.g. the county e-learning platform's export: name,
email, organisation, course, completed on), with the contact import's steps and machinery:
upload and decoding, column mapping with suggestions, dry run, a per-row error report and
organisation matching (`networks.actions.imports`: `start_import`, `run_import`; and
`networks.organisations.OrganisationMatcher`). Only reading a row and writing completions are
this module's own.

A row's person is matched to a directory contact by address. Somebody the directory does not
know is kept against the organisation's name (linked when the name matches one exactly, kept
"as given" otherwise): no contact is created, since they never agreed to be mailed. Importing
the same file twice records nothing twice.

A directory contact's completion gets its certificate (`learning.certificates`), emailed once
when it is in date.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from networks.actions.imports import (
    CHUNK,
    ImportRefused,
    mapped_columns,
    quoted,
    run_import,
    start_import,
)
from networks.models import Contact, Organisation
from networks.models.contacts import normalise_email
from networks.organisations import OrganisationMatcher

from .actions import where_they_work
from .certificates import issue_certificates
from .models import Certificate, Completion, CompletionImport
from .models.completions import person_key_for

__all__ = ["IMPORT_FIELDS", "ImportRefused", "import_completions", "start_completion_import"]

IMPORT_FIELDS = {
    "full_name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "organisation": "Organisation",
    "course": "Course",
    "completed_on": "Completed on",
    "level": "Level (1, 2 or 3)",
}
SYNONYMS = {
    "full_name": {"name", "fullname", "learner", "learnername", "username"},
    "first_name": {"firstname", "forename", "givenname"},
    "last_name": {"lastname", "surname", "familyname"},
    "email": {"email", "emailaddress", "e-mail", "mail"},
    "organisation": {"organisation", "organization", "org", "employer", "company"},
    "course": {"course", "coursename", "module", "package", "title"},
    "completed_on": {"completedon", "completed", "completiondate", "datecompleted", "date"},
    "level": {"level", "framelevel"},
}
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y"]
_LIMITS = {
    "person_name": Completion._meta.get_field("person_name").max_length,
    "email": Completion._meta.get_field("email").max_length,
    "organisation": Completion._meta.get_field("organisation_name").max_length,
    "course": Completion._meta.get_field("course").max_length,
}
_LEVEL = re.compile(r"^\s*(?:level\s*)?([123])\b", re.IGNORECASE)


def start_completion_import(filename: str, raw: bytes, user=None) -> CompletionImport:
    """Decode and keep an uploaded CSV, ready for its column mapping. Raises ImportRefused."""
    return start_import(CompletionImport, filename, raw, user, SYNONYMS)


def validate_mapping(mapping: dict, headers: list[str]) -> dict[str, str]:
    columns = mapped_columns(mapping, headers, IMPORT_FIELDS)
    if "completed_on" not in columns:
        raise ImportRefused("Choose the column that holds the date each course was completed.")
    if not ({"email", "full_name", "first_name", "last_name"} & columns.keys()):
        raise ImportRefused("Choose the column that holds the email address or the name.")
    if "full_name" in columns and ({"first_name", "last_name"} & columns.keys()):
        raise ImportRefused("Map either a full name column or first and last name columns.")
    return columns


def parse_date(cell: str) -> dt.date | None:
    """A completion date as spreadsheets and platforms write it (a time after it is ignored)."""
    text = cell.strip()
    text = re.split(r"[T ](?=\d{1,2}:\d{2})", text)[0].strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _parse_row(cells: dict, columns: dict, default_level: int, today) -> tuple[dict, list]:
    values, errors = {"level": default_level}, []
    name_parts = []
    for field, raw in cells.items():
        cell = (raw or "").strip()
        column = columns[field]
        if field == "email":
            email = normalise_email(cell)
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    errors.append((column, f"{quoted(cell)} is not an email address."))
            values["email"] = email
        elif field == "completed_on":
            day = parse_date(cell) if cell else None
            if not cell:
                errors.append((column, "The completion date is missing."))
            elif day is None:
                errors.append((column, f"{quoted(cell)} is not a date (e.g. 2026-05-04)."))
            elif day > today:
                errors.append((column, f"{quoted(cell)} is in the future."))
            values["completed_on"] = day
        elif field == "level":
            if cell:
                match = _LEVEL.match(cell)
                if match:
                    values["level"] = int(match.group(1))
                else:
                    errors.append((column, f"{quoted(cell)} is not a level (1, 2 or 3)."))
        elif field in ("full_name", "first_name", "last_name"):
            name_parts.append((field, cell))
        else:
            values[field] = cell
    order = {"full_name": 0, "first_name": 1, "last_name": 2}
    values["person_name"] = " ".join(
        c for f, c in sorted(name_parts, key=lambda p: order[p[0]]) if c
    )
    if not values.get("email") and not values["person_name"] and not errors:
        column = columns.get("email") or next(iter(columns.values()))
        errors.append((column, "No name or address."))
    for field, limit in _LIMITS.items():
        if len(values.get(field, "") or "") > limit:
            column = columns.get(field) or columns.get("full_name") or columns.get("last_name")
            errors.append((column, f"Longer than {limit} characters."))
    return values, errors


def import_completions(
    job: CompletionImport, *, mapping: dict, level: int, dry_run: bool, user=None
) -> CompletionImport:
    """Import (or, with dry_run, check without saving) the completions of an uploaded CSV.

    Valid rows are recorded and every other row is reported as (row, column, message). A row
    already recorded (same person, level and day) is counted, not recorded again. No contact is
    ever created or changed. Raises ImportRefused for an unusable mapping or an unreadable line.
    """
    columns = validate_mapping(mapping, job.headers)
    job.mapping, job.level = mapping, level
    matcher = OrganisationMatcher()
    today = timezone.localdate()
    seen = {}

    def check(number, cells):
        values, errors = _parse_row(cells, columns, level, today)
        if not errors:
            key = (_person_key(values), values["level"], values["completed_on"])
            if key in seen:
                column = columns.get("email") or columns["completed_on"]
                errors.append((column, f"The same completion as row {seen[key]}."))
            else:
                seen[key] = number
        return values, errors

    def write(batch, counts, report):
        _write(batch, job, matcher, counts, report, columns)

    return run_import(
        job,
        columns,
        check,
        write,
        dry_run=dry_run,
        user=user,
        log_codes=("learning.completions.import_checked", "learning.completions.imported"),
    )


def _person_key(values) -> str:
    return values.get("email") or f"name:{values['person_name'].casefold()}"


def _write(batch, job, matcher, counts, report, columns):
    emails = {v["email"] for _, v in batch if v.get("email")}
    contacts = {
        c.email: c
        for c in Contact.objects.filter(email__in=emails, erased_at__isnull=True)
        .select_related("organisation")
        .prefetch_related("districts", "organisation__districts")
    }
    org_ids = {matcher.exact(v.get("organisation", "")) for _, v in batch} - {None}
    orgs = {
        o.pk: o for o in Organisation.objects.filter(pk__in=org_ids).prefetch_related("districts")
    }
    recorded = set(
        Completion.objects.filter(email__in=emails, erased_at__isnull=True).values_list(
            "email", "level", "completed_on"
        )
    )
    new = []
    for number, values in batch:
        email = values.get("email", "")
        if email and (email, values["level"], values["completed_on"]) in recorded:
            counts["already_recorded"] += 1
            report.append([number, columns.get("email", ""), "Already recorded: not added again."])
            continue
        contact = contacts.get(email) if email else None
        typed = values.get("organisation", "")
        org = orgs.get(matcher.exact(typed)) if typed else None
        if contact is not None:
            counts["known_people"] += 1
            place = where_they_work(contact)
            if org is not None and org != place["organisation"]:
                place = _place_of(org, "")
            elif place["organisation"] is None and typed:
                place["organisation_name"] = typed
        else:
            counts["unknown_people"] += 1
            place = _place_of(org, "" if org else typed)
        if typed and org is None:
            counts["unmatched_organisation_rows"] += 1
        new.append(
            Completion(
                contact=contact,
                person_name=(contact.full_name if contact else "") or values["person_name"],
                email=email,
                level=values["level"],
                completed_on=values["completed_on"],
                course=values.get("course", ""),
                source=Completion.Source.IMPORT,
                source_import=job,
                person_key=person_key_for(contact.pk if contact else None, email),
                **place,
            )
        )
    Completion.objects.bulk_create(new, batch_size=CHUNK)
    counts["created"] += len(new)
    certificates = issue_certificates(new)
    counts["certificates"] += len(certificates)
    counts["certificates_emailed"] += sum(
        1 for c in certificates if c.email == Certificate.Email.DUE
    )


def _place_of(org, typed):
    districts = list(org.districts.all()) if org else []
    return {
        "organisation": org,
        "organisation_name": typed,
        "sector": org.sector if org else "",
        "district": districts[0] if len(districts) == 1 else None,
    }
