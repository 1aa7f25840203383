"""CSV import of contacts: upload, column mapping, dry run, import, error report."""

import re
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from taggit.models import Tag, TaggedItem
from wagtail.log_actions import log

from ..csvutil import UndecodableFile, UnreadableCsv, decode_csv, read_rows, sniff_delimiter
from ..models import (
    ConsentEvent,
    Contact,
    ContactImport,
    District,
    Role,
    Subscription,
    Suppression,
    Topic,
)
from ..models.contacts import normalise_email
from ..organisations import OrganisationMatcher
from ..orgnames import normalise_organisation_name

# field -> label shown in the column mapping.
IMPORT_FIELDS = {
    "email": "Email",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split at the last space)",
    "phone": "Phone",
    "organisation": "Organisation",
    "districts": "Districts",
    "roles": "Roles",
    "tags": "Tags",
    "notes": "Notes",
    "topics": "Topics to opt in to (only if the person agreed)",
}
# Header spellings recognised when suggesting a mapping.
_SYNONYMS = {
    "email": {"email", "emailaddress", "e-mail", "mail"},
    "first_name": {"firstname", "forename", "givenname"},
    "last_name": {"lastname", "surname", "familyname"},
    "full_name": {"name", "fullname", "contactname"},
    "phone": {"phone", "telephone", "tel", "mobile", "phonenumber"},
    "organisation": {"organisation", "organization", "org", "employer", "company"},
    "districts": {"district", "districts", "borough", "area"},
    "roles": {"role", "roles"},
    "tags": {"tag", "tags", "labels"},
    "notes": {"notes", "note", "comments"},
    "topics": {"topics", "subscriptions", "optin", "optins"},
}
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 1000
_SPLIT = re.compile(r"\s*[;,|]\s*")
SUGGEST_FOR = 100
# Longest value each text field may hold (the columns' max_length): a longer cell is an error of
# its row, never a database error that would roll the whole import back.
_LIMITS = {
    "email": Contact._meta.get_field("email").max_length,
    "first_name": Contact._meta.get_field("first_name").max_length,
    "last_name": Contact._meta.get_field("last_name").max_length,
    "phone": Contact._meta.get_field("phone").max_length,
    "organisation": Contact._meta.get_field("organisation_name").max_length,
}
_TAG_LIMIT = Tag._meta.get_field("name").max_length
_HEADER_LIMIT = 200


def quoted(cell: str) -> str:
    """A cell as quoted in a message: short enough to read in the report."""
    return f"“{cell[:60]}…”" if len(cell) > 60 else f"“{cell}”"


class ImportRefused(ValueError):
    """The file or the mapping cannot be used at all (the message says why, for the user)."""


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lower())


def suggest_mapping(headers: list[str], synonyms: dict | None = None) -> dict[str, str]:
    """column -> field for the headers whose spelling `synonyms` (field -> set of keys) knows;
    the contact import's by default. Each field is suggested once."""
    mapping = {}
    taken = set()
    for header in headers:
        key = _key(header)
        for field, names in (synonyms or _SYNONYMS).items():
            if field not in taken and (key in names or key == _key(field)):
                mapping[header] = field
                taken.add(field)
                break
    return mapping


def start_contact_import(filename: str, raw: bytes, user=None) -> ContactImport:
    """Decode and keep an uploaded CSV of contacts, ready for its column mapping. Raises
    ImportRefused."""
    return start_import(ContactImport, filename, raw, user)


def start_import(job_model, filename: str, raw: bytes, user=None, synonyms=None):
    """A new `job_model` (a `CsvImport`) holding the decoded upload and the mapping suggested
    from its headers (`suggest_mapping` with `synonyms`), for any import. Raises ImportRefused."""
    text, encoding, delimiter, headers = read_upload(raw)
    return job_model.objects.create(
        created_by=user,
        filename=filename[:255],
        encoding=encoding,
        delimiter=delimiter,
        text=text,
        headers=headers,
        mapping=suggest_mapping(headers, synonyms),
    )


def read_upload(raw: bytes) -> tuple[str, str, str, list[str]]:
    """(text, encoding, delimiter, column names) of an uploaded CSV, for any import (contacts,
    training completions). Raises ImportRefused for a file that cannot be used at all."""
    if len(raw) > MAX_BYTES:
        raise ImportRefused("The file is larger than 20 MB; split it and import each part.")
    try:
        text, encoding = decode_csv(raw)
    except UndecodableFile as exc:
        raise ImportRefused(str(exc)) from None
    delimiter = sniff_delimiter(text)
    try:
        headers = next(iter(read_rows(text, delimiter)), [])
    except UnreadableCsv as exc:
        raise ImportRefused(str(exc)) from None
    headers = [h.strip() for h in headers]
    if any(len(h) > _HEADER_LIMIT for h in headers):
        raise ImportRefused(
            f"A column name in the first row is longer than {_HEADER_LIMIT} characters; the "
            "first row must hold the column names."
        )
    if not any(headers):
        raise ImportRefused("The file is empty or its first row (the column names) is blank.")
    if len(set(headers)) != len(headers):
        raise ImportRefused("Two columns have the same name; rename one and upload again.")
    return text, encoding, delimiter, headers


class _Lookups:
    """Names and slugs of reference data, lower-cased, loaded once per import."""

    def __init__(self):
        self.districts = {}
        for d in District.objects.all():
            self.districts[d.name.lower()] = d.pk
            self.districts[d.slug.lower()] = d.pk
        self.roles = {}
        for r in Role.objects.all():
            self.roles[r.name.lower()] = r.pk
            self.roles[r.slug.lower()] = r.pk
        self.organisations = OrganisationMatcher()
        self.topics = {}
        for value, label in Topic.choices:
            self.topics[value] = value
            self.topics[label.lower()] = value


def _split(cell: str) -> list[str]:
    return [part for part in _SPLIT.split(cell.strip()) if part]


def _parse_row(cells: dict, lookups: _Lookups, columns: dict) -> tuple[dict, list]:
    """One row's values by field, and its errors as (column, message)."""
    values, errors = {}, []
    for field, cell in cells.items():
        cell = (cell or "").strip()
        column = columns[field]
        if field == "email":
            email = normalise_email(cell)
            if len(email) <= _LIMITS["email"]:
                try:
                    validate_email(email)
                except ValidationError:
                    errors.append(
                        (
                            column,
                            f"{quoted(cell)} is not an email address."
                            if cell
                            else "The email address is missing.",
                        )
                    )
            values["email"] = email
        elif field == "full_name":
            first, _, last = cell.rpartition(" ")
            values["first_name"], values["last_name"] = (first, last) if first else (last, "")
        elif field in ("districts", "roles", "topics"):
            table = getattr(lookups, field)
            found = []
            for name in _split(cell):
                if name.lower() in table:
                    found.append(table[name.lower()])
                else:
                    errors.append((column, f"Unknown {field[:-1]} {quoted(name)}."))
            values[field] = found
        elif field == "tags":
            values["tags"] = _split(cell)
            if any(len(tag) > _TAG_LIMIT for tag in values["tags"]):
                errors.append((column, f"A tag is longer than {_TAG_LIMIT} characters."))
        elif field == "organisation":
            values["organisation"] = cell
        else:
            values[field] = cell
    for field, limit in _LIMITS.items():
        if len(values.get(field, "")) > limit:
            errors.append(
                (
                    columns.get(field, columns.get("full_name", field)),
                    f"Longer than {limit} characters.",
                )
            )
    return values, errors


def mapped_columns(mapping: dict, headers: list[str], fields: dict) -> dict[str, str]:
    """field -> column for a mapping of column -> field, each field of `fields` (field -> label)
    chosen at most once. Raises ImportRefused. Shared by every CSV import."""
    columns = {}
    for column, field in mapping.items():
        if not field:
            continue
        if column not in headers or field not in fields:
            raise ImportRefused(f"The column “{column}” cannot be mapped to “{field}”.")
        if field in columns:
            raise ImportRefused(
                f"“{fields[field]}” is chosen for two columns: “{columns[field]}” and “{column}”."
            )
        columns[field] = column
    return columns


def validate_mapping(mapping: dict, headers: list[str]) -> dict[str, str]:
    """Return field -> column for a mapping of column -> field. Raises ImportRefused."""
    columns = mapped_columns(mapping, headers, IMPORT_FIELDS)
    if "email" not in columns:
        raise ImportRefused("Choose the column that holds the email address.")
    if "full_name" in columns and ({"first_name", "last_name"} & columns.keys()):
        raise ImportRefused("Map either a full name column or first and last name columns.")
    return columns


def import_contacts(
    contact_import: ContactImport,
    *,
    mapping: dict,
    mode: str,
    dry_run: bool,
    user=None,
) -> ContactImport:
    """Import (or, with dry_run, check without saving) the rows of an uploaded CSV.

    Valid rows are imported and every other row is reported as (row, column, message): nothing is
    dropped silently. A contact already in the directory (matched by normalised email) is updated
    or skipped as `mode` says. Every imported or updated contact gets a ConsentEvent with source
    "import"; topics are opted in only for rows whose mapped topics column names them.
    Raises ImportRefused for an unusable mapping, or a line the csv module cannot read.
    """
    columns = validate_mapping(mapping, contact_import.headers)
    contact_import.mapping = mapping
    contact_import.mode = mode
    lookups = _Lookups()
    seen = {}

    def check(number, cells):
        values, errors = _parse_row(cells, lookups, columns)
        if not errors:
            email = values.get("email")
            if email in seen:
                errors.append((columns["email"], f"The same address as row {seen[email]}."))
            else:
                seen[email] = number
        return values, errors

    def write(batch, counts, report):
        _write(batch, contact_import, columns, mode, lookups, counts, report)

    return run_import(
        contact_import,
        columns,
        check,
        write,
        dry_run=dry_run,
        user=user,
        log_codes=("networks.contacts.import_checked", "networks.contacts.imported"),
    )


class _DryRun(Exception):
    pass


def run_import(job, columns, check, write, *, dry_run, user, log_codes):
    """Run (or, with dry_run, roll back) an import of `job`'s rows, for any import: then keep
    its counts, error report and unmatched organisations, set its status (the file is emptied
    once imported), save it and log `log_codes` (dry run, import) with the counts.

    `check(row number, {field: cell})` returns the row's (values, [(column, message)]); a row
    with errors is reported and not written. `write([(row number, values)], counts, report)`
    writes up to CHUNK valid rows and may add to the counts and the report. Rows are read
    through `columns` (field -> column). Raises ImportRefused for a line that cannot be read."""
    try:
        with transaction.atomic():
            counts, report = _check_rows(job, columns, check, write)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except UnreadableCsv as exc:
        raise ImportRefused(str(exc)) from None
    job.counts, job.errors = counts, report
    job.unmatched_organisations = find_unmatched_organisations(job, columns, OrganisationMatcher())
    job.status = job.Status.CHECKED if dry_run else job.Status.IMPORTED
    if not dry_run:
        job.text = ""  # the import's own tables hold the data now
    checked_code, imported_code = log_codes
    with transaction.atomic():
        job.save()
        log(job, checked_code if dry_run else imported_code, user=user, data=counts)
    return job


def _check_rows(job, columns, check, write):
    counts = defaultdict(int)
    report, batch = [], []
    rows = read_rows(job.text, job.delimiter)
    index = {h: i for i, h in enumerate(next(rows, []))}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            counts["blank"] += 1
            continue
        cells = {
            field: row[index[column]] if index[column] < len(row) else ""
            for field, column in columns.items()
        }
        values, errors = check(number, cells)
        if errors:
            counts["invalid"] += 1
            report.extend([number, column, message] for column, message in errors)
            continue
        batch.append((number, values))
        if len(batch) >= CHUNK:
            write(batch, counts, report)
            batch = []
    if batch:
        write(batch, counts, report)
    report.sort(key=lambda item: item[0])
    return dict(counts), report


def _write(batch, contact_import, columns, mode, lookups, counts, report):
    emails = [values["email"] for _, values in batch]
    existing = {c.email: c for c in Contact.objects.filter(email__in=emails)}
    suppressed = set(Suppression.objects.filter(email__in=emails).values_list("email", flat=True))
    scalar = [
        f for f in ("first_name", "last_name", "phone", "notes") if f in values_fields(columns)
    ]
    new, updated, touched = [], [], []
    for number, values in batch:
        contact = existing.get(values["email"])
        if contact is not None and mode == ContactImport.Mode.SKIP:
            counts["skipped"] += 1
            report.append([number, columns["email"], "Already in the directory: skipped."])
            continue
        if values["email"] in suppressed:
            report.append(
                [number, columns["email"], "On the suppression list: imported, never mailed."]
            )
        if contact is None:
            contact = Contact(email=values["email"])
            new.append(contact)
        else:
            updated.append(contact)
        for field in scalar:
            if values.get(field) or contact.pk is None:
                setattr(contact, field, values.get(field, ""))
        if "organisation" in values and values["organisation"]:
            org_id = lookups.organisations.exact(values["organisation"])
            contact.organisation_id = org_id
            contact.organisation_name = "" if org_id else values["organisation"]
        touched.append((contact, values))

    Contact.objects.bulk_create(new, batch_size=CHUNK)
    update_fields = [*scalar]
    if "organisation" in columns:
        update_fields += ["organisation", "organisation_name"]
    if updated and update_fields:
        Contact.objects.bulk_update(updated, update_fields, batch_size=CHUNK)
    counts["created"] += len(new)
    counts["updated"] += len(updated)

    _write_m2m(Contact.districts.through, "district_id", "districts", touched)
    _write_m2m(Contact.roles.through, "role_id", "roles", touched)
    _write_tags(touched)
    _write_topics(touched, contact_import, counts)
    new_ids = {c.pk for c in new}
    ConsentEvent.objects.bulk_create(
        [
            ConsentEvent(
                contact=contact,
                action="imported" if contact.pk in new_ids else "updated_by_import",
                source=ConsentEvent.Source.IMPORT,
                detail=contact_import.filename[:255],
            )
            for contact, _ in touched
        ],
        batch_size=CHUNK,
    )


def find_unmatched_organisations(contact_import, columns, matcher) -> list:
    """The file's organisations that name none of the directory's exactly, grouped by normal
    form: [[name as typed, [row numbers], likely organisation or ""], …]. Such rows import all
    the same, keeping the name as typed for the unmatched organisations screen."""
    if "organisation" not in columns:
        return []
    rows = read_rows(contact_import.text, contact_import.delimiter)
    index = {h: i for i, h in enumerate(next(rows, []))}[columns["organisation"]]
    groups = {}
    for number, row in enumerate(rows, start=2):
        typed = row[index].strip() if index < len(row) else ""
        key = normalise_organisation_name(typed)
        if key and matcher.exact(typed) is None:
            groups.setdefault(key, [typed, []])[1].append(number)
    result = []
    for n, (typed, numbers) in enumerate(groups.values()):
        # Similarity is quadratic-ish: a file of thousands of distinct names gets the first
        # suggestions only; the unmatched screen suggests for every name later.
        likely = matcher.suggest(typed, limit=1) if n < SUGGEST_FOR else []
        result.append([typed, numbers, likely[0].name if likely else ""])
    return result


def values_fields(columns):
    fields = set(columns)
    if "full_name" in fields:
        fields |= {"first_name", "last_name"}
    return fields


def _write_m2m(through, target, field, touched):
    """Replace the contacts' `field` with the listed values where the cell was not empty."""
    rows = [(c, v[field]) for c, v in touched if v.get(field)]
    if not rows:
        return
    through.objects.filter(contact_id__in=[c.pk for c, _ in rows]).delete()
    through.objects.bulk_create(
        [through(contact_id=c.pk, **{target: pk}) for c, ids in rows for pk in set(ids)],
        batch_size=CHUNK,
    )


def _write_tags(touched):
    rows = [(c, v["tags"]) for c, v in touched if v.get("tags")]
    if not rows:
        return
    names = {name for _, tags in rows for name in tags}
    tags = {t.name: t for t in Tag.objects.filter(name__in=names)}
    for name in names - tags.keys():
        tags[name], _ = Tag.objects.get_or_create(name=name)
    content_type = ContentType.objects.get_for_model(Contact)
    TaggedItem.objects.bulk_create(
        [
            TaggedItem(content_type=content_type, object_id=c.pk, tag=tags[name])
            for c, names_ in rows
            for name in set(names_)
        ],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )


def _write_topics(touched, contact_import, counts):
    """Opt in only where the file says so; an import never unsubscribes anyone."""
    rows = [(c, v["topics"]) for c, v in touched if v.get("topics")]
    if not rows:
        return
    current = {
        (s.contact_id, s.topic): s
        for s in Subscription.objects.filter(contact__in=[c.pk for c, _ in rows])
    }
    create, update, events = [], [], []
    for contact, topics in rows:
        for topic in set(topics):
            sub = current.get((contact.pk, topic))
            if sub is None:
                create.append(
                    Subscription(
                        contact=contact, topic=topic, status=Subscription.Status.SUBSCRIBED
                    )
                )
            elif sub.status != Subscription.Status.SUBSCRIBED:
                sub.status = Subscription.Status.SUBSCRIBED
                update.append(sub)
            else:
                continue
            events.append(
                ConsentEvent(
                    contact=contact,
                    topic=topic,
                    action="subscribed",
                    source=ConsentEvent.Source.IMPORT,
                    detail=contact_import.filename[:255],
                )
            )
    Subscription.objects.bulk_create(create, batch_size=CHUNK)
    Subscription.objects.bulk_update(update, ["status"], batch_size=CHUNK)
    ConsentEvent.objects.bulk_create(events, batch_size=CHUNK)
    counts["opted_in"] += len(events)
