"""Interop peer: python3-websockets (Debian) echo server, permessage-deflate on.

argv: <port, 0 = free> [json of ServerPerMessageDeflateFactory arguments]. Without
the JSON, compression is websockets' default (on: server and client windows 12,
memLevel 5). Prints "LISTENING <port>" once bound; echoes every message with
its type. Run with /usr/bin/python3.
"""

import asyncio
import json
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(ws, path):
    try:
        async for message in ws:
            await ws.send(message)
    except websockets.exceptions.ConnectionClosed:
        pass


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    options = {"max_size": None, "ping_interval": None}
    if len(sys.argv) > 2:
        options["extensions"] = [ServerPerMessageDeflateFactory(**json.loads(sys.argv[2]))]
        options["compression"] = None
    async with websockets.serve(echo, "127.0.0.1", port, **options) as server:
        print(f"LISTENING {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
