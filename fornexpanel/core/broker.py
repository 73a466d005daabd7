"""The embedded Celery broker (no Redis): kombu's filesystem transport, writing atomically.

kombu writes a message file in place, and a consumer polling the folder can move it away and read
it before its bytes are in: it reads an empty file, the worker stops on the JSON error, and the
message is lost. Here each message is written under a name no consumer looks at, then renamed into
place (atomic within one folder), so consumers see whole messages or none.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
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
