import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_INVALID_PAYLOAD, CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR } from "../close-codes";
import { bytes, expectEcho, message, numbered, utf8 } from "./helpers";

// Group 7: close handling. "If an endpoint receives a Close frame and did not
// previously send a Close frame, the endpoint MUST send a Close frame in
// response. [...] It SHOULD do so as soon as practical." "After sending a
// Close frame, the endpoint MUST NOT send any more data frames." (RFC 6455 §5.5.1)

/** A close case: the server starts the closing handshake; a wrong code from the client fails it. */
function closeCase(
  description: string,
  expectation: string,
  closeCode: number[],
  requireClean: boolean,
  start: (run: CaseRun) => void,
): Omit<CaseSpec, "id"> {
  return {
    description,
    expectation,
    suppressClose: true,
    onOpen(run) {
      run.expected.set("OK", []);
      run.expectedClose = { closedByMe: true, closeCode, requireClean };
      start(run);
      run.p.killAfter(1);
    },
    afterGrade(run) {
      if (run.behaviorClose === "WRONG CODE") {
        run.behavior = "FAILED";
        run.result = run.resultClose;
      }
    },
  };
}

/** Cases whose outcome the spec leaves open: reported, never failed. */
function informational(run: CaseRun, okText: string, nonStrictText: string): void {
  if (run.behavior === "OK") run.result = okText;
  else if (run.behavior === "NON-STRICT") run.result = nonStrictText;
  else run.result = "Actual events are undefined by the spec.";
  run.behavior = "INFORMATIONAL";
  run.behaviorClose = "INFORMATIONAL";
}

const HELLO = utf8("Hello World!");
const CLEAN = "Clean close with normal code.";
const BAD_UTF8_REASON = bytes(
  "\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80\x65\x64\x69\x74\x65\x64",
);

const case7_1: CaseSpec[] = numbered("7.1", [
  {
    description: "Send a message followed by a close frame",
    expectation: "Echoed message followed by clean close with normal code.",
    onOpen(run) {
      expectEcho(run, [message(HELLO)]);
      run.p.sendFrame({ opcode: 1, payload: HELLO });
      run.p.killAfter(1);
    },
    afterGrade(run) {
      if (run.behaviorClose === "WRONG CODE") {
        run.behavior = "FAILED";
        run.result = run.resultClose;
      }
    },
  },
  closeCase(
    "Send two close frames",
    `${CLEAN} Second close frame ignored.`,
    [CLOSE_NORMAL],
    true,
    (run) => {
      run.p.sendClose(CLOSE_NORMAL);
      run.p.sendFrame({ opcode: 8 });
    },
  ),
  closeCase("Send a ping after close message", `${CLEAN} No pong.`, [CLOSE_NORMAL], true, (run) => {
    run.p.sendClose(CLOSE_NORMAL);
    run.p.sendFrame({ opcode: 9 });
  }),
  closeCase(
    "Send text message after sending a close frame",
    `${CLEAN} Text message ignored.`,
    [CLOSE_NORMAL],
    true,
    (run) => {
      run.p.sendClose(CLOSE_NORMAL);
      run.p.sendFrame({ opcode: 1, payload: HELLO });
    },
  ),
  closeCase(
    "Send message fragment1 followed by close then fragment",
    CLEAN,
    [CLOSE_NORMAL],
    true,
    (run) => {
      run.p.sendFrame({ opcode: 1, fin: false, payload: utf8("fragment1") });
      run.p.sendClose(CLOSE_NORMAL);
      run.p.sendFrame({ opcode: 0, fin: true, payload: utf8("fragment2") });
    },
  ),
  {
    description: "Send 256K message followed by close then a ping",
    expectation:
      "Case outcome depends on implementation defined close behavior. Message and close frame are sent back to back. If the close frame is processed before the text message write is complete (as can happen in asynchronous processing models) the close frame is processed first and the text message may not be received or may only be partially received.",
    suppressClose: true,
    onOpen(run) {
      run.expected.set("OK", [message(HELLO)]);
      run.expected.set("NON-STRICT", []);
      run.expectedClose = { closedByMe: true, closeCode: [CLOSE_NORMAL], requireClean: true };
      run.p.sendFrame({ opcode: 1, payload: utf8("BAsd7&jh23"), payloadLen: 256 * 1024 });
      run.p.sendFrame({ opcode: 1, payload: HELLO });
      run.p.sendClose(CLOSE_NORMAL);
      run.p.sendFrame({ opcode: 9 });
      run.p.killAfter(1);
    },
    afterGrade: (run) =>
      informational(
        run,
        "Text message was processed before close.",
        "Close was processed before text message could be returned.",
      ),
  },
]);

const case7_3: CaseSpec[] = numbered("7.3", [
  closeCase(
    "Send a close frame with payload length 0 (no close code, no close reason)",
    CLEAN,
    [CLOSE_NORMAL],
    true,
    (run) => run.p.sendCloseFrame(),
  ),
  closeCase(
    "Send a close frame with payload length 1",
    "Clean close with protocol error or drop TCP.",
    [CLOSE_PROTOCOL_ERROR],
    false,
    (run) => run.p.sendCloseFrame(null, undefined, false, utf8("a")),
  ),
  closeCase(
    "Send a close frame with payload length 2 (regular close with a code)",
    CLEAN,
    [CLOSE_NORMAL],
    true,
    (run) => run.p.sendCloseFrame(CLOSE_NORMAL),
  ),
  closeCase(
    "Send a close frame with close code and close reason",
    CLEAN,
    [CLOSE_NORMAL],
    true,
    (run) => run.p.sendCloseFrame(CLOSE_NORMAL, "Hello World!"),
  ),
  closeCase(
    "Send a close frame with close code and close reason of maximum length (123)",
    CLEAN,
    [CLOSE_NORMAL],
    true,
    (run) => run.p.sendCloseFrame(CLOSE_NORMAL, "*".repeat(123)),
  ),
  closeCase(
    "Send a close frame with close code and close reason which is too long (124) - total frame payload 126 octets",
    "Clean close with protocol error code or dropped TCP connection.",
    [CLOSE_PROTOCOL_ERROR],
    false,
    (run) => run.p.sendCloseFrame(CLOSE_NORMAL, "*".repeat(124)),
  ),
]);

const case7_5: CaseSpec[] = numbered("7.5", [
  closeCase(
    "Send a close frame with invalid UTF8 payload",
    "Clean close with protocol error or invalid utf8 code or dropped TCP.",
    [CLOSE_PROTOCOL_ERROR, CLOSE_INVALID_PAYLOAD],
    false,
    (run) => run.p.sendCloseFrame(CLOSE_NORMAL, BAD_UTF8_REASON),
  ),
]);

// "Status codes in the range 3000-3999 are reserved for use by libraries,
// frameworks, and applications [...] 4000-4999 are reserved for private use"
// (RFC 6455 §7.4.2)
const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

const case7_7: CaseSpec[] = numbered(
  "7.7",
  VALID_CODES.map((code) =>
    closeCase(
      `Send close with valid close code ${code}`,
      "Clean close with normal or echoed code",
      [CLOSE_NORMAL, code],
      true,
      (run) => run.p.sendCloseFrame(code),
    ),
  ),
);

const case7_9: CaseSpec[] = numbered(
  "7.9",
  INVALID_CODES.map((code) =>
    closeCase(
      `Send close with invalid close code ${code}`,
      "Clean close with protocol error code or drop TCP",
      [CLOSE_PROTOCOL_ERROR],
      false,
      (run) => run.p.sendCloseFrame(code),
    ),
  ),
);

const case7_13: CaseSpec[] = numbered(
  "7.13",
  [5000, 65535].map((code) => ({
    description: `Send close with close code ${code}`,
    expectation: "Actual events are undefined by the spec.",
    suppressClose: true,
    onOpen(run: CaseRun) {
      run.expected.set("OK", []);
      run.expectedClose = {
        closedByMe: true,
        closeCode: [CLOSE_NORMAL, code, CLOSE_PROTOCOL_ERROR],
        requireClean: false,
      };
      run.p.sendCloseFrame(code);
      run.p.killAfter(1);
    },
    afterGrade: (run: CaseRun) =>
      informational(run, "Actual events are undefined by the spec.", ""),
  })),
);

export const case7: CaseSpec[] = [
  ...case7_1,
  ...case7_3,
  ...case7_5,
  ...case7_7,
  ...case7_9,
  ...case7_13,
];
