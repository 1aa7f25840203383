"""The sending engine's records. Explicit re-exports: import them from `sending.models`.

A send and its deliveries live in `sends.py`; a finished send's tally in `tally.py`; tracking
events and link clicks in `tracking.py`.
They were `newsletters` models until the engine became an app of its own: the tables kept their
names (`db_table`), so no row moved (migrations `sending.0001_initial`,
`newsletters.0007_sending_models_moved`).
"""

from .sends import ONCE_PER_PERSON, RESENDABLE, Delivery, Send, SendKind, SendState
from .tally import MEASURES, SendTally
from .tracking import PERSONAL_LINK_LABEL, LinkClick, TrackingEvent

__all__ = [
    "ONCE_PER_PERSON",
    "RESENDABLE",
    "PERSONAL_LINK_LABEL",
    "MEASURES",
    "Delivery",
    "LinkClick",
    "Send",
    "SendKind",
    "SendState",
    "SendTally",
    "TrackingEvent",
]
