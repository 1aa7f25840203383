"""`manage.py board_report --period 2026-Q3 --format pdf|csv --output FILE`: a period's board
report for scheduled jobs, with the partnership's disclosure control applied (never exact): so
only for a financial quarter or year that has ended, as every figure under the rule."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.csv_export import csv_lines
from core.disclosure import Rule

from ...periods import Period, refusal
from ...reports import content_csv_rows, content_for_period, content_pdf


class Command(BaseCommand):
    help = "Write a period's board report as a PDF, or every table of it as one CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            required=True,
            help='a quarter that has ended ("2026-Q3") or a year ("2026")',
        )
        parser.add_argument("--format", choices=["pdf", "csv"], default="pdf")
        parser.add_argument("--output", required=True, help="file to write ('-' for stdout, CSV)")

    def handle(self, *args, period, format, output, **options):
        try:
            period = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        why = refusal(period)
        if why:
            raise CommandError(why)
        content = content_for_period(period, Rule.for_partnership())
        if format == "pdf":
            if output == "-":
                raise CommandError("a PDF needs a file: give --output FILE")
            Path(output).write_bytes(content_pdf(content))
        else:
            text = "".join(csv_lines(content_csv_rows(content) or []))
            if output == "-":
                self.stdout.write(text, ending="")
            else:
                Path(output).write_text(text, encoding="utf-8")
        if output != "-":
            self.stdout.write(f"Wrote the {period.label} report ({format}) to {output}")
