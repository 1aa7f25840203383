"""`make run`'s set-up in one Django start (`manage.py prepare_run`): it does only what has
changed since the last run, and always prints the coordinator's login and what runs."""

import pytest
from django.core.management import call_command
from wagtail.models import Page

from cms.management.commands import prepare_run
from cms.models import HomePage


@pytest.fixture
def var_dir(tmp_path, settings, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return tmp_path


@pytest.fixture
def seeds(monkeypatch, demo_snapshot):
    """Count the demo loads. A load into the database as migrations left it writes the run's
    demo snapshot, which is what `seed_demo` writes there, row for row (tests/support/demo.py);
    any other load (over an older or a damaged demo) runs `seed_demo` itself."""
    from cms.management.commands.seed_demo import Command

    calls = []
    original = Command.handle

    def counted(self, *args, **options):
        calls.append(1)
        if demo_snapshot is not None and demo_snapshot.replay():
            return None
        return original(self, *args, **options)

    monkeypatch.setattr(Command, "handle", counted)
    return calls


def prepare(capsys) -> str:
    call_command("prepare_run")
    return capsys.readouterr().out


def test_a_migrated_database_has_nothing_to_migrate(db):
    assert prepare_run.pending_migrations() == []


def test_the_first_run_loads_the_demo_and_prints_the_login_and_what_runs(
    db, var_dir, seeds, capsys
):
    out = prepare(capsys)

    assert seeds == [1]
    assert "Loading the demo partnership" in out
    assert HomePage.objects.count() == 1
    password = (var_dir / "coordinator-password").read_text().strip()
    assert f"user: coordinator  password: {password}" in out
    assert "web:" in out and "worker:" in out and "beat:" in out and "database:" in out
    assert "Applying" not in out  # the test database is migrated already


def test_a_second_run_skips_the_demo_and_prints_the_same_login(db, var_dir, seeds, capsys):
    first = prepare(capsys)
    pages = Page.objects.count()

    second = prepare(capsys)

    assert seeds == [1]
    assert "Loading the demo partnership" not in second
    assert Page.objects.count() == pages
    login = next(line for line in first.splitlines() if line.startswith("Admin:"))
    assert login in second.splitlines()


def test_the_demo_is_loaded_again_when_its_sources_change(db, var_dir, seeds, capsys, monkeypatch):
    prepare(capsys)
    monkeypatch.setattr(prepare_run, "demo_fingerprint", lambda: "the demo data was edited")

    out = prepare(capsys)

    assert seeds == [1, 1]
    assert "Loading the demo partnership" in out


def test_an_emptied_database_gets_the_demo_again_whatever_the_record_says(
    db, var_dir, seeds, capsys
):
    prepare(capsys)
    Page.objects.filter(depth__gt=1).delete()

    prepare(capsys)

    assert seeds == [1, 1]
    assert HomePage.objects.count() == 1
