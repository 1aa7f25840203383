"""Errors of the sending engine and the one place provider errors are classified."""

import smtplib

from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailInvalidAddress,
    AnymailRecipientsRefused,
)


class SendStateError(Exception):
    """An action was asked of a send in a state that does not allow it (e.g. pause a draft)."""


class TransientSendError(Exception):
    """Some rows of a batch could not be sent for a reason that may pass (timeout, 429, 5xx,
    SMTP 4xx, connection lost). They are queued again and the task retries with backoff."""


RETRY = "retry"
FAILED = "failed"


def _smtp_code(exc: Exception) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return codes[0] if codes else None
    return getattr(exc, "smtp_code", None)


def _reason(exc: Exception) -> str:
    if isinstance(exc, AnymailError):
        # Only the summary and the HTTP status: an ESP's response body may echo addresses.
        summary = str(exc.args[0]) if exc.args else ""
        status = f" (HTTP {exc.status_code})" if exc.status_code else ""
        return f"{type(exc).__name__}: {summary}{status}"[:480]
    return f"{type(exc).__name__}: {exc}"[:480]


def classify(exc: Exception) -> tuple[str, str] | None:
    """("retry" | "failed", reason) for a provider error, or None if it is not one (a bug, which
    must propagate: its rows are then left `sending` and become `uncertain`, never lost).

    Transient: connection errors and timeouts, HTTP 429 and 5xx, SMTP 4xx.
    Permanent: recipients refused, invalid address, other HTTP 4xx, SMTP 5xx.
    """
    reason = _reason(exc)
    if isinstance(exc, AnymailRecipientsRefused | AnymailInvalidAddress):
        return FAILED, reason
    if isinstance(exc, AnymailAPIError):
        status = exc.status_code
        if status is None or status == 429 or status >= 500:
            return RETRY, reason
        return FAILED, reason
    if isinstance(exc, AnymailError):
        return FAILED, reason
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return RETRY, reason
    if isinstance(exc, smtplib.SMTPRecipientsRefused | smtplib.SMTPResponseException):
        code = _smtp_code(exc)
        if code is not None and 400 <= code < 500:
            return RETRY, reason
        return FAILED, reason
    if isinstance(exc, smtplib.SMTPException | OSError):
        # OSError covers refused connections, resets and socket timeouts.
        return RETRY, reason
    if isinstance(exc, UnicodeError | ValueError):
        return FAILED, f"invalid address or header: {reason}"
    return None
