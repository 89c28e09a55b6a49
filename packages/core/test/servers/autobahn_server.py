"""Interop peer: an echo server on Autobahn|Python (Debian python3-autobahn), asyncio flavour.

Same behaviour table as websockets_server.py (see there): /echo, /headers,
/subprotocol, /close?code=N&reason=R, /fragments, /ping, /splitutf8,
/manyfragments, /reject (403 without a body). Prints
"LISTENING <port>" once bound and "CLOSED <json>" per connection with the
close code and reason the client sent. Run with /usr/bin/python3.
"""

import asyncio
import json
import sys

from autobahn.asyncio.websocket import WebSocketServerFactory, WebSocketServerProtocol
from autobahn.websocket.types import ConnectionDeny

SUBPROTOCOLS = ["chat", "superchat"]
SPLIT_UTF8 = "h\u00e9\u2713\U0001f680!"


class InteropProtocol(WebSocketServerProtocol):
    def onConnect(self, request):
        if request.path == "/reject":
            raise ConnectionDeny(403, "nope")
        self.route = request.path
        self.params = request.params
        self.request_headers = dict(request.headers)
        for offered in request.protocols:
            if offered in SUBPROTOCOLS:
                self.chosen = offered
                return offered
        self.chosen = None
        return None

    def onOpen(self):
        if self.route == "/headers":
            self.sendMessage(json.dumps(self.request_headers).encode("utf-8"), isBinary=False)
        elif self.route == "/subprotocol":
            self.sendMessage((self.chosen or "").encode("utf-8"), isBinary=False)
        elif self.route == "/close" and self.params.get("code") == ["none"]:
            self.sendClose()
        elif self.route == "/close":
            code = int(self.params.get("code", ["1000"])[0])
            reason = self.params.get("reason", [""])[0]
            self.sendClose(code=code, reason=reason)
        elif self.route == "/fragments":
            self.beginMessage(isBinary=False)
            for part in (b"frag", b"ment", b"ed"):
                self.sendMessageFrame(part)
            self.endMessage()
            self.beginMessage(isBinary=True)
            for part in (b"\x00\x01", b"\x02"):
                self.sendMessageFrame(part)
            self.endMessage()
        elif self.route == "/ping":
            self.sendPing(b"server-ping")
        elif self.route == "/splitutf8":
            self.beginMessage(isBinary=False)
            for byte in SPLIT_UTF8.encode("utf-8"):
                self.sendMessageFrame(bytes([byte]))
            self.endMessage()
        elif self.route == "/manyfragments":
            size = int(self.params.get("size", ["4194304"])[0])
            frag = int(self.params.get("frag", ["64"])[0])
            data = bytes(range(256)) * (size // 256)
            self.beginMessage(isBinary=True)
            for i in range(0, len(data), frag):
                self.sendMessageFrame(data[i : i + frag])
            self.endMessage()

    def onPong(self, payload):
        if self.route == "/ping":
            self.sendMessage(b"pong:" + payload, isBinary=False)

    def onMessage(self, payload, isBinary):
        self.sendMessage(payload, isBinary)

    def onClose(self, wasClean, code, reason):
        conn_id = getattr(self, "params", {}).get("id", [None])[0]
        print("CLOSED " + json.dumps({"id": conn_id, "code": code, "reason": reason}), flush=True)


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    factory = WebSocketServerFactory()
    factory.protocol = InteropProtocol
    factory.setProtocolOptions(
        maxFramePayloadSize=0,
        maxMessagePayloadSize=0,
        autoFragmentSize=0,
        echoCloseCodeReason=True,
        openHandshakeTimeout=10,
        closeHandshakeTimeout=5,
        perMessageCompressionAccept=lambda offers: None,
    )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", port)
    bound = server.sockets[0].getsockname()[1]
    print(f"LISTENING {bound}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
