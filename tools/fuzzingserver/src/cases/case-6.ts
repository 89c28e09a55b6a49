import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_INVALID_PAYLOAD } from "../close-codes";
import { bytes, expectEcho, expectFailure, message, numbered, utf8 } from "./helpers";
import { UTF8_VECTOR_GROUPS } from "./utf8-vectors";

// Group 6: UTF-8 handling. "When an endpoint is to interpret a byte stream as
// UTF-8 but finds that the byte stream is not, in fact, a valid UTF-8 stream,
// that endpoint MUST _Fail the WebSocket Connection_." (RFC 6455 §8.1) The
// invalid cases expect close code 1007: "an endpoint is terminating the
// connection because it has received data within a message that was not
// consistent with the type of the message (e.g., non-UTF-8 [RFC3629] data
// within a text message)." (§7.4.1)

const hex = (b: Buffer) => b.toString("hex");
const VALID = utf8("Hello-µ@ßöäüàá-UTF-8!!");
const KAPPA = bytes("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5");
const INVALID = Buffer.concat([KAPPA, bytes("\xed\xa0\x80"), bytes("\x65\x64\x69\x74\x65\x64")]);

function echoCase(
  description: string,
  payload: Buffer,
  send: (run: CaseRun) => void,
): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation: "The message is echo'ed back to us.",
    onOpen(run) {
      expectEcho(run, [message(payload)]);
      send(run);
      run.p.closeAfter(1);
    },
  };
}

function invalidCase(description: string, send: (run: CaseRun) => void): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation: "The connection is failed immediately, since the payload is not valid UTF-8.",
    onOpen(run) {
      expectFailure(run, CLOSE_INVALID_PAYLOAD, [], undefined, true);
      send(run);
      run.p.killAfter(1);
    },
  };
}

// 6.4: fail fast. The server sends part 1, waits 1 s, sends part 2 (which
// makes the text invalid), waits 1 s, sends part 3. A client that fails at
// part 2 is OK; one that fails only once the message is complete is
// NON-STRICT; one that never fails is FAILED.
const P1 = KAPPA;
const P2 = bytes("\xf4\x90\x80\x80");
const P3 = bytes("\x65\x64\x69\x74\x65\x64");
const WHOLE = Buffer.concat([P1, P2, P3]);

function failFast(
  description: string,
  parts: [Buffer, Buffer, Buffer],
  asChops: boolean,
  expectation: string,
): Omit<CaseSpec, "id"> {
  return {
    description: `${description}<br><br>MESSAGE PARTS:<br>PART1 = ${hex(parts[0])}<br>PART2 = ${hex(parts[1])}<br>PART3 = ${hex(parts[2])}<br>`,
    expectation,
    onOpen(run) {
      expectFailure(
        run,
        CLOSE_INVALID_PAYLOAD,
        [["timeout", "A"]],
        [
          ["timeout", "A"],
          ["timeout", "B"],
        ],
        true,
      );
      const p = run.p;
      if (asChops) {
        p.beginFrame(1, WHOLE.length);
        p.sendFrameData(parts[0]);
      } else p.sendFrame({ opcode: 1, fin: false, payload: parts[0] });
      p.continueLater(
        1,
        () => {
          if (p.state !== "open") return;
          run.received.push(["timeout", "A"]);
          if (asChops) p.sendFrameData(parts[1]);
          else p.sendFrame({ opcode: 0, fin: false, payload: parts[1] });
          p.continueLater(
            1,
            () => {
              if (p.state !== "open") return;
              run.received.push(["timeout", "B"]);
              if (asChops) p.sendFrameData(parts[2]);
              else p.sendFrame({ opcode: 0, fin: true, payload: parts[2] });
              p.killAfter(1);
            },
            "B",
          );
        },
        "A",
      );
    },
  };
}

const FRAMES_EXPECTATION =
  "The first frame is accepted, we expect to timeout on the first wait. The 2nd frame should be rejected immediately (fail fast on UTF-8). If we timeout, we expect the connection is failed at least then, since the complete message payload is not valid UTF-8.";
const CHOPS_EXPECTATION =
  "The first chop is accepted, we expect to timeout on the first wait. The 2nd chop should be rejected immediately (fail fast on UTF-8). If we timeout, we expect the connection is failed at least then, since the complete message payload is not valid UTF-8.";
const SPLIT_AT_BAD: [Buffer, Buffer, Buffer] = [
  WHOLE.subarray(0, 12),
  WHOLE.subarray(12, 13),
  WHOLE.subarray(13),
];

function vectorCases(): CaseSpec[] {
  const out: CaseSpec[] = [];
  UTF8_VECTOR_GROUPS.forEach(([, vectors], g) => {
    vectors.forEach(([valid, payload], j) => {
      const id = `6.${g + 5}.${j + 1}`;
      const description = `Send a text message with payload which is ${valid ? "" : "not "}valid UTF-8 in one fragment.<br><br>Payload: 0x${hex(payload)}`;
      out.push({
        id,
        description,
        expectation: valid
          ? "The message is echo'ed back to us."
          : "The connection is failed immediately, since the payload is not valid UTF-8.",
        onOpen(run) {
          if (valid) expectEcho(run, [message(payload)]);
          else expectFailure(run, CLOSE_INVALID_PAYLOAD, [], undefined, true);
          run.p.sendMessage(payload);
          run.p.killAfter(0.5);
        },
      });
    });
  });
  return out;
}

/** Titles of the vector groups 6.5 … 6.23, for the report. */
export const case6Groups: Record<string, string> = Object.fromEntries(
  UTF8_VECTOR_GROUPS.map(([title], g) => [`6.${g + 5}`, title]),
);

export const case6: CaseSpec[] = [
  ...numbered("6.1", [
    {
      description: "Send text message of length 0.",
      expectation: "A message is echo'ed back to us (with empty payload).",
      onOpen(run) {
        expectEcho(run, [message("")]);
        run.p.sendFrame({ opcode: 1 });
        run.p.closeAfter(1);
      },
    },
    {
      description: "Send fragmented text message, 3 fragments each of length 0.",
      expectation: "A message is echo'ed back to us (with empty payload).",
      onOpen(run) {
        expectEcho(run, [message("")]);
        run.p.sendFrame({ opcode: 1, fin: false });
        run.p.sendFrame({ opcode: 0, fin: false });
        run.p.sendFrame({ opcode: 0, fin: true });
        run.p.closeAfter(1);
      },
    },
    {
      description:
        "Send fragmented text message, 3 fragments, first and last of length 0, middle non-empty.",
      expectation: "A message is echo'ed back to us (with payload = payload of middle fragment).",
      onOpen(run) {
        const payload = utf8("middle frame payload");
        expectEcho(run, [message(payload)]);
        run.p.sendFrame({ opcode: 1, fin: false });
        run.p.sendFrame({ opcode: 0, fin: false, payload });
        run.p.sendFrame({ opcode: 0, fin: true });
        run.p.closeAfter(1);
      },
    },
  ]),
  ...numbered("6.2", [
    echoCase(
      `Send a valid UTF-8 text message in one fragment.<br><br>MESSAGE:<br>${hex(VALID)}`,
      VALID,
      (run) => run.p.sendFrame({ opcode: 1, payload: VALID }),
    ),
    echoCase(
      "Send a valid UTF-8 text message in two fragments, fragmented on UTF-8 code point boundary.",
      VALID,
      (run) => {
        const cut = utf8("Hello-µ@ßöä").length;
        run.p.sendFrame({ opcode: 1, fin: false, payload: VALID.subarray(0, cut) });
        run.p.sendFrame({ opcode: 0, fin: true, payload: VALID.subarray(cut) });
      },
    ),
    echoCase(
      `Send a valid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.<br><br>MESSAGE:<br>${hex(VALID)}`,
      VALID,
      (run) => run.p.sendMessage(VALID, false, 1),
    ),
    echoCase(
      `Send a valid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.<br><br>MESSAGE:<br>${hex(KAPPA)}`,
      KAPPA,
      (run) => run.p.sendMessage(KAPPA, false, 1),
    ),
  ]),
  ...numbered("6.3", [
    invalidCase(
      `Send invalid UTF-8 text message unfragmented.<br><br>MESSAGE:<br>${hex(INVALID)}`,
      (run) => run.p.sendFrame({ opcode: 1, payload: INVALID }),
    ),
    invalidCase(
      `Send invalid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.<br><br>MESSAGE:<br>${hex(INVALID)}`,
      (run) => run.p.sendMessage(INVALID, false, 1),
    ),
  ]),
  ...numbered("6.4", [
    failFast(
      "Send invalid UTF-8 text message in 3 fragments (frames). First frame payload is valid, then wait, then 2nd frame which contains the payload making the sequence invalid, then wait, then 3rd frame with rest. Note that PART1 and PART3 are valid UTF-8 in themselves, PART2 is a 0x110000 encoded as in the UTF-8 integer encoding scheme, but the codepoint is invalid (out of range).",
      [P1, P2, P3],
      false,
      FRAMES_EXPECTATION,
    ),
    failFast(
      "Same as Case 6.4.1, but in 2nd frame, we send only up to and including the octet making the complete payload invalid.",
      SPLIT_AT_BAD,
      false,
      FRAMES_EXPECTATION,
    ),
    failFast(
      "Same as Case 6.4.1, but we send message not in 3 frames, but in 3 chops of the same message frame.",
      [P1, P2, P3],
      true,
      CHOPS_EXPECTATION,
    ),
    failFast(
      "Same as Case 6.4.2, but we send message not in 3 frames, but in 3 chops of the same message frame.",
      SPLIT_AT_BAD,
      true,
      CHOPS_EXPECTATION,
    ),
  ]),
  ...vectorCases(),
];
