"""The panel's kombu transports: the embedded broker (no Redis), and Redis with one repair.

Embedded: kombu's filesystem transport, writing atomically. kombu writes a message file in place,
and a consumer polling the folder can move it away and read it before its bytes are in: it reads
an empty file, the worker stops on the JSON error, and the message is lost. Here each message is
written under a name no consumer looks at, then renamed into place (atomic within one folder), so
consumers see whole messages or none.

Redis: when the connection to Redis breaks, Celery's consumer (celery 5.7) first `collect()`s the
connection, which detaches the transport from it (`transport.client = None`), then closes it. The
close reaches the default channel, which (kombu 5.7) drops its connection pool and then restores
the messages it holds unacknowledged: that needs a new pool, built from `transport.client`, now
None. `AttributeError: 'NoneType' object has no attribute 'hostname'` escapes the close (only
connection errors are ignored there) and the worker exits ("Unrecoverable error"), whenever it held
a task unacknowledged (with acks_late: any running or scheduled task). Here the channel reports a
closed connection as what it is, a connection error: the close goes on, the worker reconnects. The
messages stay in Redis's unacked set (when Redis kept them) and Redis redelivers them after the
visibility timeout, like those of a worker that died; tasks claim their operation in the database
first, so a redelivered one never repeats a call to Fornex.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.transport import redis as kombu_redis
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        # Consumers pick files whose name after the first dot is "<queue>.msg": not this one.
        partial = os.path.join(self.data_folder_out, f"incoming-{uuid.uuid4().hex}.part")
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, os.path.join(self.data_folder_out, name))
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add a message to {self.data_folder_out!r}") from exc


class Transport(filesystem.Transport):
    Channel = Channel


class RedisChannel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            # The connection was collected under us (see the module docstring).
            raise kombu_redis.redis.exceptions.ConnectionError(
                "The broker connection is closed; its unacknowledged messages are left to Redis."
            )
        return super()._connparams(asynchronous=asynchronous)


class RedisTransport(kombu_redis.Transport):
    Channel = RedisChannel
