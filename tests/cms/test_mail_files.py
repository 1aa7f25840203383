import email
from email import policy

from django.core.mail import EmailMultiAlternatives


def test_an_email_sent_in_the_default_configuration_is_a_readable_eml_file(settings, tmp_path):
    settings.EMAIL_BACKEND = "cms.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    message = EmailMultiAlternatives(
        subject="Prevent newsletter — spring",
        body="Hello Priya, the plain text part.",
        from_email="prevent@example.org",
        to=["priya@example.org"],
    )
    message.attach_alternative("<p>Hello Priya, the <b>HTML</b> part.</p>", "text/html")

    assert message.send() == 1

    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and "priya@example.org" in files[0].name
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["To"] == "priya@example.org"
    assert parsed["Subject"] == "Prevent newsletter — spring"
    assert "the plain text part" in parsed.get_body(("plain",)).get_content()
    assert "<b>HTML</b>" in parsed.get_body(("html",)).get_content()


def test_default_settings_write_mail_under_var_mail():
    from cms.settings import base

    assert base.EMAIL_BACKEND == "cms.mail.EmlFileBackend"
    assert base.EMAIL_FILE_PATH == base.VAR_DIR / "mail"
