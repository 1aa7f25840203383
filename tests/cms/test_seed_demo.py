from django.core.management import call_command
from wagtail.models import Page

from cms.models import Acronym
from core.models import PartnershipSettings
from networks.models import District, Organisation


def snapshot():
    return {
        "districts": sorted(District.objects.values_list("name", "is_county_wide")),
        "organisations": sorted(
            (
                o.name,
                o.sector,
                o.is_specified_authority,
                tuple(sorted(d.name for d in o.districts.all())),
            )
            for o in Organisation.objects.prefetch_related("districts")
        ),
        "acronyms": sorted(Acronym.objects.values_list("term", "expansion")),
        "pages": sorted(Page.objects.values_list("url_path", "live")),
        "settings": list(PartnershipSettings.objects.values_list("name", "site_id")),
    }


def test_seed_demo_twice_leaves_the_same_data(demo_site):
    first = snapshot()  # after the first load (`demo_site`: what seed_demo writes, replayed)
    call_command("seed_demo", verbosity=0)

    assert snapshot() == first


def test_seed_demo_loads_the_districts_authorities_and_acronyms_of_the_plan(demo_site):
    assert list(District.objects.values_list("name", flat=True)) == [
        "North Warwickshire",
        "Nuneaton and Bedworth",
        "Rugby",
        "Stratford-on-Avon",
        "Warwick",
        "County-wide",
    ]
    assert District.objects.get(name="County-wide").is_county_wide
    assert Organisation.objects.filter(is_specified_authority=True).count() == 21
    assert Organisation.objects.get(name="George Eliot Hospital NHS Trust").sector == "health"
    assert Acronym.objects.get(term="WRAP").expansion == "Workshop to Raise Awareness of Prevent"
    assert Acronym.objects.count() == 13


def test_ensure_coordinator_creates_the_login_once_and_prints_it(
    db, monkeypatch, capsys, tmp_path, settings
):
    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("ensure_coordinator")
    first = capsys.readouterr().out
    call_command("ensure_coordinator")
    second = capsys.readouterr().out

    user = get_user_model().objects.get(username="coordinator")
    password = first.rsplit("password: ", 1)[1].strip()
    assert user.check_password(password)
    assert second == first
    assert get_user_model().objects.filter(username="coordinator").count() == 1


def test_ensure_coordinator_uses_demo_password_when_set(
    db, monkeypatch, capsys, tmp_path, settings
):
    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("ensure_coordinator")

    assert "a-demo-password-for-tests" in capsys.readouterr().out
    assert (
        get_user_model()
        .objects.get(username="coordinator")
        .check_password("a-demo-password-for-tests")
    )


def test_the_demo_coordinator_is_no_superuser_and_the_emergency_one_is_kept_quiet(
    demo_site, monkeypatch, capsys, tmp_path, settings
):
    from django.contrib.auth import get_user_model

    from core import roles

    User = get_user_model()
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("ensure_coordinator")
    printed = capsys.readouterr().out

    coordinator = User.objects.get(username="coordinator")
    emergency = User.objects.get(username="emergency")
    secret = (tmp_path / "emergency-password").read_text()
    assert not coordinator.is_superuser
    assert set(coordinator.groups.values_list("name", flat=True)) == set(
        roles.groups_for(roles.COORDINATOR)
    )
    assert list(User.objects.filter(is_superuser=True)) == [emergency]
    assert emergency.check_password(secret) and len(secret) >= 24
    assert secret not in printed and "emergency" not in printed
    assert (tmp_path / "emergency-password").stat().st_mode & 0o777 == 0o600

    call_command("ensure_coordinator", "--show-emergency")
    assert f"emergency  {secret}" in capsys.readouterr().out
    assert User.objects.filter(is_superuser=True).count() == 1


def test_a_coordinator_made_a_superuser_before_is_put_right(db, monkeypatch, tmp_path, settings):
    from django.contrib.auth import get_user_model

    settings.VAR_DIR = tmp_path
    monkeypatch.setenv("DEMO_PASSWORD", "a-demo-password-for-tests")
    get_user_model().objects.create_superuser("coordinator", "c@example.org", "x")

    call_command("ensure_coordinator")

    coordinator = get_user_model().objects.get(username="coordinator")
    assert not coordinator.is_superuser
    assert coordinator.groups.filter(name="Coordinators").exists()
