"""The admin steps every CSV import shares (the contact import in `networks.views.admin`, the
completions import in `learning.views`): upload, column mapping with its dry run, and the error
report. Each app's view checks access, finds the job and hands over its own form, runner and
templates; the templates extend `networks/admin/_import_upload.html` and `_import_map.html`."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from core.csv_export import csv_response

from ..actions.imports import ImportRefused
from ..csvutil import UnreadableCsv, preview_rows


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="UTF-8 (with or without BOM) or Windows-1252."
    )


class ColumnMappingForm(forms.Form):
    """The column-mapping form of an import: the subclass's own fields first, each named as the
    job's field that keeps it and as the runner's keyword argument (e.g. `mode`), then one choice
    per column of the file (`col_<i>`: what it holds, from `import_fields`, field -> label)."""

    import_fields: dict[str, str] = {}

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Do not import"), *self.import_fields.items()]
        self.headers = headers
        for i, header in enumerate(headers):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=f"Column “{header}”", choices=choices, required=False
            )

    @classmethod
    def initial_for(cls, job) -> dict:
        """The job's own choices and its mapping so far (suggested from the headers at first)."""
        initial = {name: getattr(job, name) for name in cls.base_fields}
        initial.update({f"col_{i}": job.mapping.get(h, "") for i, h in enumerate(job.headers)})
        return initial

    def mapping(self) -> dict[str, str]:
        """column -> field ("" for a column not imported)."""
        return {h: self.cleaned_data.get(f"col_{i}", "") for i, h in enumerate(self.headers)}

    def options(self) -> dict:
        """The cleaned values of the subclass's own fields, by name."""
        return {name: self.cleaned_data[name] for name in self.base_fields}


def upload_page(request, *, start, job_model, template, map_url_name):
    """The upload step: `start(filename, bytes, user)` makes the job (or raises ImportRefused,
    shown on the file field), then on to `map_url_name`. Lists the ten latest jobs."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = start(upload.name, upload.read(), request.user)
        except ImportRefused as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(map_url_name, job.pk)
    recent = job_model.objects.all()[:10]
    return render(request, template, {"form": form, "recent": recent, "map_url_name": map_url_name})


def mapping_page(request, job, *, form_class, run, template, errors_url_name):
    """The mapping step: the file's first rows, the `form_class` (a ColumnMappingForm), and on
    POST `run(job, mapping=…, dry_run=…, user=…, **the form's own fields)`: a dry run with
    "dry_run" in the POST, the import otherwise, then back to this page with the result. An
    ImportRefused is shown on the form. A job already imported is not run again."""
    initial = form_class.initial_for(job)
    form = form_class(request.POST or None, headers=job.headers, initial=initial)
    if request.method == "POST" and job.status != job.Status.IMPORTED and form.is_valid():
        try:
            run(
                job,
                mapping=form.mapping(),
                dry_run="dry_run" in request.POST,
                user=request.user,
                **form.options(),
            )
        except ImportRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(request.path)
    preview = []
    if job.text:
        try:
            preview = preview_rows(job.text, job.delimiter)
        except UnreadableCsv as exc:
            messages.error(request, str(exc))
    return render(
        request,
        template,
        {
            "job": job,
            "form": form,
            "preview": preview,
            "errors_preview": job.errors[:50],
            "errors_url_name": errors_url_name,
        },
    )


def errors_report(job, name: str):
    """The job's error report as `<name>-<pk>-errors.csv`: one line per problem, (row, column,
    message)."""
    return csv_response(f"{name}-{job.pk}-errors.csv", [["row", "column", "message"], *job.errors])
