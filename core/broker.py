"""Kombu's Redis transport, made to survive the broker going away while a worker holds
unacknowledged messages.

What happened (kombu 5.7): when Redis goes down, the worker's consumer closes its connection and
reconnects. `Connection._close()` first drops the transport's `client` (`transport.client =
None`); a channel closed after that (the consumer's or the event dispatcher's, at reconnect or
by the garbage collector's finaliser) restores its unacked messages in `QoS.restore_unacked`,
which asks for a Redis client, and building one reads `self.connection.client.hostname`:
`AttributeError: 'NoneType' object has no attribute 'hostname'`. That is not a connection error,
so Celery treats it as unrecoverable and the worker exits.

The same read happens whenever a channel of a closed connection wants a Redis client (its
`pool`, `client` or `supports_batch_publish`). The fix, two small overrides:

- the channel raises redis' `ConnectionError` instead of the AttributeError when its connection
  is already closed, so Celery takes it for what it is, a lost broker, and reconnects;
- the QoS, in that state, leaves unacked messages where they are instead of restoring them:
  they stay in Redis' unacked hash (kombu wrote them there on delivery) and a worker's
  `restore_visible` puts them back on the queue after `visibility_timeout`. If Redis lost them
  (restarted without persistence), our beat sweeps (`recover_sends`, `alerts.retry_outbox`,
  `core.sweep`) re-enqueue the work from the database; every task is safe to receive twice.

`install()` (called by cms/celery.py) makes `redis://` broker URLs use this transport.
"""

import logging

import redis.exceptions
from kombu import transport as kombu_transport
from kombu.transport import redis as kombu_redis

logger = logging.getLogger(__name__)


class QoS(kombu_redis.QoS):
    def restore_unacked(self, client=None):
        connection = getattr(self.channel, "connection", None)
        if client is None and getattr(connection, "client", None) is None:
            if self._delivered:
                logger.warning(
                    "broker connection already closed: %s unacked message(s) stay in Redis and "
                    "are restored after the visibility timeout",
                    len(self._delivered),
                )
            self._delivered.clear()
            return
        super().restore_unacked(client)


class Channel(kombu_redis.Channel):
    QoS = QoS

    def _connparams(self, asynchronous=False):
        if getattr(self.connection, "client", None) is None:
            raise redis.exceptions.ConnectionError("the broker connection is already closed")
        return super()._connparams(asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel


def install() -> None:
    """Use this transport for every `redis://` broker URL of this process."""
    kombu_transport.TRANSPORT_ALIASES["redis"] = "core.broker:Transport"
