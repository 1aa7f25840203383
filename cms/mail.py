"""The zero-set-up email backend: every message becomes a readable .eml file under var/mail/."""

import logging
import re
import threading
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("partnerhub.mail")
_counter_lock = threading.Lock()
_counter = 0


class EmlFileBackend(BaseEmailBackend):
    """Write each message to ``EMAIL_FILE_PATH/<timestamp>-<n>-<recipient>.eml``.

    The file is the exact RFC 5322 message that would have gone to the provider, so it opens in
    any mail client. One summary line per message goes to the log (subject and recipient count,
    never the body: bodies may be personal).
    """

    def __init__(self, file_path=None, **kwargs):
        super().__init__(**kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        global _counter
        if not email_messages:
            return 0
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            with _counter_lock:
                _counter += 1
                n = _counter
            first = re.sub(r"[^A-Za-z0-9@._-]", "_", recipients[0])[:60]
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            path = self.file_path / f"{stamp}-{n:05d}-{first}.eml"
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            logger.info("mail written to %s (%d recipient(s))", path, len(recipients))
            sent += 1
        return sent
