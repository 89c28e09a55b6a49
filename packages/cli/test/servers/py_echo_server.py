"""An independent peer for wsdump's tests: python3-websockets (Debian).

Prints "LISTENING <port>" once bound to 127.0.0.1 (port 0 = a free one).
  /fragments  send "frag"+"ment"+"ed" as one fragmented text message, then echo
  (any path)  echo each message, text as text, binary as binary
Run with /usr/bin/python3 (Debian's websockets, no pip).
"""

import asyncio
import sys

import websockets


async def handler(ws, path):
    if path.startswith("/fragments"):
        await ws.send(iter(["frag", "ment", "ed"]))
    async for message in ws:
        await ws.send(message)


async def main():
    async with websockets.serve(handler, "127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"LISTENING {port}", flush=True)
        await asyncio.Future()


asyncio.run(main())
