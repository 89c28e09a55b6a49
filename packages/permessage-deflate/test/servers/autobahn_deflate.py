"""Interop peer: Autobahn|Python (Debian python3-autobahn) echo server, permessage-deflate on.

argv: <port, 0 = free> [json of PerMessageDeflateOfferAccept arguments:
request_no_context_takeover, request_max_window_bits, no_context_takeover,
window_bits]. It accepts the client's first permessage-deflate offer with
them. Prints "LISTENING <port>" once bound; echoes every message with its
type. Run with /usr/bin/python3.
"""

import asyncio
import json
import sys

from autobahn.asyncio.websocket import WebSocketServerFactory, WebSocketServerProtocol
from autobahn.websocket.compress import PerMessageDeflateOffer, PerMessageDeflateOfferAccept

ACCEPT = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}


def accept(offers):
    for offer in offers:
        if isinstance(offer, PerMessageDeflateOffer):
            return PerMessageDeflateOfferAccept(offer, **ACCEPT)
    return None


class Echo(WebSocketServerProtocol):
    def onMessage(self, payload, isBinary):
        self.sendMessage(payload, isBinary)


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    factory = WebSocketServerFactory()
    factory.protocol = Echo
    factory.setProtocolOptions(
        maxFramePayloadSize=0,
        maxMessagePayloadSize=0,
        autoFragmentSize=0,
        perMessageCompressionAccept=accept,
    )
    loop = asyncio.get_running_loop()
    server = await loop.create_server(factory, "127.0.0.1", port)
    print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
    await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
