"""Tasks only the fault suite's workers load (`celery worker --include tests.faults.tasks`)."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.faults.mark", ignore_result=True)
def mark(path: str, token: str, seconds: float = 0.0) -> None:
    """Write `started <token>`, sleep, write `done <token>`: a task a worker can be holding
    (unacknowledged, acks_late) when Redis goes away."""
    log = Path(path)
    with log.open("a") as f:
        f.write(f"started {token}\n")
    time.sleep(seconds)
    with log.open("a") as f:
        f.write(f"done {token}\n")
