"""The embedded broker writes each message atomically: a worker polling the folder never reads
half a message (kombu's own filesystem transport lets it, and the worker stops and the message
is lost)."""

from __future__ import annotations

import pytest
from kombu import Connection
from kombu.transport.virtual import Empty

import fornexpanel.core.broker as broker


@pytest.fixture
def channel(tmp_path):
    folder = str(tmp_path)
    options = {"data_folder_in": folder, "data_folder_out": folder, "store_processed": False}
    with Connection(transport=broker.Transport, transport_options=options) as connection:
        yield connection.channel()


def test_a_message_being_written_is_invisible_to_consumers(channel, monkeypatch):
    seen_while_writing = []
    real_encode = broker.str_to_bytes

    def encode_then_poll(text):
        # The moment kombu's transport has an empty file in the folder: a consumer polls.
        try:
            seen_while_writing.append(channel._get("jobs"))
        except Empty:
            seen_while_writing.append("nothing")
        return real_encode(text)

    monkeypatch.setattr(broker, "str_to_bytes", encode_then_poll)
    channel._put("jobs", {"task": "operations.run", "id": 1})

    assert seen_while_writing == ["nothing"]
    assert channel._get("jobs") == {"task": "operations.run", "id": 1}
    with pytest.raises(Empty):
        channel._get("jobs")


def test_every_message_arrives_once_and_no_partial_file_is_left(channel, tmp_path):
    for number in range(5):
        channel._put("jobs", {"n": number})
    assert not list(tmp_path.glob("*.part"))
    assert sorted(channel._get("jobs")["n"] for _ in range(5)) == [0, 1, 2, 3, 4]
    with pytest.raises(Empty):
        channel._get("jobs")
