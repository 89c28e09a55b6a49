"""Python websocket-client as one side of the client benchmark (see side-python.ts).

    python3 python-side.py <port> <ms> <rows-json>

Used as its users would: ws.recv() per message, ws.send_binary() per message.
Prints one JSON line per row ({"side", "row", "value"}) and {"side", "bad"}.
"""
import json
import sys
import time

import websocket

port, ms, rows = int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3])
MIB = 1024 * 1024
PIECE = "wsclient é ü ß ✓ → 日本語 € 🙂 ".encode("utf-8")
bad = 0


def text_string(size):
    """The text payload of text-payload.ts: PIECE repeated, padded with 'a' to size bytes."""
    whole = size // len(PIECE)
    return (PIECE * whole + b"a" * (size - whole * len(PIECE))).decode("utf-8")


ws = websocket.create_connection(f"ws://127.0.0.1:{port}/", timeout=30)


def recv(size, count):
    global bad
    ws.send(f"burst {size} {count}")
    for _ in range(count):
        msg = ws.recv()
        if not isinstance(msg, bytes) or len(msg) != size:
            bad += 1


expected_text = {}


def recv_text(size, count):
    global bad
    expected = expected_text.setdefault(size, text_string(size))
    ws.send(f"text {size} {count}")
    if ws.recv() != expected:
        bad += 1
    for _ in range(count - 1):
        msg = ws.recv()
        if not isinstance(msg, str) or len(msg) != len(expected):
            bad += 1


def send(payload, count):
    global bad
    ws.send(f"count {count}")
    for _ in range(count):
        ws.send_binary(payload)
    if ws.recv() != "done":
        bad += 1


def rate(op):
    start = time.perf_counter()
    ops = 0
    while ops < 3 or (time.perf_counter() - start) * 1000 < ms / 4:  # warm-up, as side-main.ts
        op()
        ops += 1
    start = time.perf_counter()
    ops = 0
    while True:
        op()
        ops += 1
        elapsed = time.perf_counter() - start
        if elapsed * 1000 >= ms and ops >= 3:
            return ops / elapsed


def median_trip(payload):
    global bad
    trips = []

    def trip():
        global bad
        ws.send_binary(payload)
        msg = ws.recv()
        if not isinstance(msg, bytes) or len(msg) != len(payload):
            bad += 1

    for _ in range(200):
        trip()
    start = time.perf_counter()
    while (time.perf_counter() - start) * 1000 < ms or len(trips) < 100:
        t0 = time.perf_counter()
        trip()
        trips.append((time.perf_counter() - t0) * 1e6)
    trips.sort()
    return trips[len(trips) // 2]


for row in rows:
    size, count, kind = row["size"], row["count"], row["kind"]
    per_op = count if row["unit"] == "msgs/s" else count * size / MIB
    if kind == "recv":
        value = per_op * rate(lambda: recv(size, count))
    elif kind == "text":
        value = per_op * rate(lambda: recv_text(size, count))
    elif kind == "echo":
        value = median_trip(b"b" * size)
    else:
        payload = b"a" * size
        value = per_op * rate(lambda: send(payload, count))
    print(json.dumps({"side": "python", "row": row["id"], "value": value}), flush=True)

print(json.dumps({"side": "python", "bad": bad}), flush=True)
ws.close()
sys.exit(0 if bad == 0 else 1)
