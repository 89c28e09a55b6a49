"""Interop peer: an echo server on python3-websockets (Debian), legacy asyncio API.

Prints "LISTENING <port>" once bound (port 0 = a free one), then one
"CLOSED <json>" line per connection with the close code and reason the
client sent, and the connection's `id` query parameter (any path may carry
?id=... so a test can find its own connection's report). Behaviour by path (the same table for every interop server):

  /echo (any other path)    echo each message, text as text, binary as binary
  /headers                  send the request headers as one JSON text message, then echo
  /subprotocol              send the negotiated subprotocol ("" if none), then echo
  /close?code=N&reason=R    close at once with that code and reason
  /close?code=none          close at once with an empty close frame (no status code)
  /fragments                send "frag"+"ment"+"ed" as one fragmented text message and
                            0x00 0x01 + 0x02 as one fragmented binary message, then echo
  /ping                     ping with payload "server-ping", wait for the pong, send
                            "pong:<payload>", then echo
  /splitutf8                send "h\u00e9\u2713\U0001f680!" as a text message of 1-byte fragments
                            (multi-byte characters split across fragments), then echo
  /reject                   refuse the upgrade: 403, X-Reject-Reason: nope, a body
  /manyfragments?size=S&frag=F  send one binary message of S bytes (0..255 repeated)
                            as S/F fragments of F bytes, then echo

Uses only the Debian packages (no pip). Run with /usr/bin/python3.
"""

import asyncio
import json
import sys
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import websockets
from websockets.exceptions import ConnectionClosed
from websockets.frames import Close

SUBPROTOCOLS = ["chat", "superchat"]
SPLIT_UTF8 = "h\u00e9\u2713\U0001f680!"


def report_close(exc, conn_id):
    rcvd = getattr(exc, "rcvd", None)
    info = {
        "id": conn_id,
        "code": rcvd.code if rcvd is not None else None,
        "reason": rcvd.reason if rcvd is not None else None,
    }
    print("CLOSED " + json.dumps(info), flush=True)


def many_fragments(query):
    """The bytes 0..255 repeated to `size`, cut into `frag`-byte pieces."""
    size = int(query.get("size", ["4194304"])[0])
    frag = int(query.get("frag", ["64"])[0])
    data = bytes(range(256)) * (size // 256)
    return [data[i : i + frag] for i in range(0, len(data), frag)]


async def echo(ws):
    async for message in ws:
        await ws.send(message)


async def handler(ws, path):
    url = urlsplit(path)
    query = parse_qs(url.query)
    try:
        if url.path == "/headers":
            headers = {}
            for name, value in ws.request_headers.raw_items():
                key = name.lower()
                headers[key] = headers[key] + ", " + value if key in headers else value
            await ws.send(json.dumps(headers))
        elif url.path == "/subprotocol":
            await ws.send(ws.subprotocol or "")
        elif url.path == "/close" and query.get("code") == ["none"]:
            # A close frame without a status code (RFC 6455 §7.1.5: 1005).
            await ws.write_close_frame(Close(1005, ""), b"")
            await ws.wait_closed()
        elif url.path == "/close":
            code = int(query.get("code", ["1000"])[0])
            reason = query.get("reason", [""])[0]
            await ws.close(code, reason)
        elif url.path == "/fragments":
            await ws.send(iter(["frag", "ment", "ed"]))
            await ws.send(iter([b"\x00\x01", b"\x02"]))
        elif url.path == "/splitutf8":
            data = SPLIT_UTF8.encode("utf-8")
            for i in range(len(data)):
                await ws.write_frame(i == len(data) - 1, 0x1 if i == 0 else 0x0, data[i : i + 1])
        elif url.path == "/manyfragments":
            await ws.send(iter(many_fragments(query)))
        elif url.path == "/ping":
            waiter = await ws.ping(b"server-ping")
            await asyncio.wait_for(waiter, 5)
            await ws.send("pong:server-ping")
        await echo(ws)
        await ws.wait_closed()
        raise ConnectionClosed(ws.close_rcvd, ws.close_sent)
    except ConnectionClosed as exc:
        report_close(exc, query.get("id", [None])[0])


async def reject(path, request_headers):
    """/reject answers the upgrade with 403, a header and a body."""
    if urlsplit(path).path == "/reject":
        return (HTTPStatus.FORBIDDEN, [("X-Reject-Reason", "nope")], b"forbidden by test\n")
    return None


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    async with websockets.serve(
        handler,
        "127.0.0.1",
        port,
        subprotocols=SUBPROTOCOLS,
        max_size=None,
        max_queue=4,
        ping_interval=None,
        compression=None,
        process_request=reject,
    ) as server:
        bound = server.sockets[0].getsockname()[1]
        print(f"LISTENING {bound}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
