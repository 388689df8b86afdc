"""A page as a fresh session receives it, spoken in Streamlit's own websocket protocol (no browser): the
server-side tests read what a newcomer's first run of a page sends."""

from __future__ import annotations

import asyncio
from typing import Any


async def first_run(url: str, page: str, headers: dict[str, str] | None = None) -> list[Any]:
    """The forward messages of one run of ``/page`` in a new session, up to "script finished"; ``headers``
    go on the websocket's handshake (as a reverse proxy's would)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    messages = []
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(
        ws_url, subprotocols=["streamlit"], origin=url, max_size=None, additional_headers=headers or {}
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
            messages.append(fwd)
            if fwd.WhichOneof("type") == "script_finished" and fwd.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return messages


def elements(messages: list[Any]) -> list[Any]:
    """The new elements among ``messages``, in order."""
    return [
        m.delta.new_element
        for m in messages
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element"
    ]


async def page_text(url: str, page: str, headers: dict[str, str] | None = None) -> str:
    """Every element of ``/page``'s first run as text, each line led by its kind (``file_uploader: …``)."""
    return "\n".join(f"{e.WhichOneof('type')}: {e}" for e in elements(await first_run(url, page, headers)))
