import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_NORMAL } from "../close-codes";
import type { SendFrameOptions } from "../connection";
import { bytes, utf8 } from "./helpers";

// Group 9: limits and performance. Large messages (9.1, 9.2), a 4 MiB message
// in fragments of 64 B … 4 MiB (9.3, 9.4), a 1 MiB message written in chops of
// 64 … 2048 octets (9.5, 9.6), and 1000 round trips of small messages (9.7,
// 9.8). The verdict is OK when the echo arrives with the right type and
// length within the case's time; the server then closes with 1000.

const KiB = 1024;
const MiB = 1024 * 1024;
const TEXT_PATTERN = utf8("BAsd7&jh23");
const BINARY_PATTERN = bytes("\xfe\xed\xfa\xce");

function size(n: number): string {
  return n >= MiB ? `${n / MiB}M` : `${n / KiB}k`;
}

/** The shared shape: send, wait for one echo of the right type and length, close. */
function echoLarge(
  description: string,
  length: number,
  binary: boolean,
  waitSecs: number,
  send: (run: CaseRun) => void,
): Omit<CaseSpec, "id"> {
  const kind = binary ? "binary" : "text";
  return {
    description,
    expectation: `Receive echo'ed ${kind} message (with payload as sent).`,
    reportTime: true,
    onOpen(run) {
      run.p.wirelog.enabled = false;
      run.expectedClose = { closedByMe: true, closeCode: [CLOSE_NORMAL], requireClean: true };
      run.result = `Did not receive message within ${waitSecs} seconds.`;
      send(run);
      run.p.closeAfter(waitSecs);
    },
    onMessage(run, payload, isBinary) {
      if (isBinary !== binary)
        run.result = `Expected ${kind} message with payload, but got ${isBinary ? "binary" : "text"}.`;
      else if (payload.length !== length) {
        run.result = `Expected ${kind} message with payload of length ${length}, but got ${payload.length}.`;
      } else {
        run.behavior = "OK";
        run.result = `Received ${kind} message of length ${payload.length}.`;
      }
      run.p.wirelog.enabled = true;
      run.p.sendClose(CLOSE_NORMAL);
    },
  };
}

function frame(
  binary: boolean,
  length: number,
  extra: Partial<SendFrameOptions> = {},
): SendFrameOptions {
  return {
    opcode: binary ? 2 : 1,
    payload: binary ? BINARY_PATTERN : TEXT_PATTERN,
    payloadLen: length,
    ...extra,
  };
}

function number(prefix: string, rows: Omit<CaseSpec, "id">[]): CaseSpec[] {
  return rows.map((row, i) => ({ ...row, id: `${prefix}.${i + 1}` }));
}

const LARGE = [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB, 16 * MiB];
const FRAGMENTS = [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB];
const CHOPS = [64, 128, 256, 512, 1024, 2048];

function large(binary: boolean): CaseSpec[] {
  const kind = binary ? "binary" : "text";
  return number(
    `9.${binary ? 2 : 1}`,
    LARGE.map((n) =>
      echoLarge(
        `Send ${kind} message message with payload of length ${size(n)}.`,
        n,
        binary,
        n >= 4 * MiB ? 100 : 10,
        (run) => run.p.sendFrame(frame(binary, n)),
      ),
    ),
  );
}

function fragmented(binary: boolean): CaseSpec[] {
  const kind = binary ? "binary" : "text";
  const n = 4 * MiB;
  return number(
    `9.${binary ? 4 : 3}`,
    FRAGMENTS.map((fragment) =>
      echoLarge(
        `Send fragmented ${kind} message message with message payload of length 4 * 2**20 (4M). Sent out in fragments of ${fragment}.`,
        n,
        binary,
        100,
        (run) =>
          run.p.sendMessage(
            binary ? Buffer.alloc(n, 0xfe) : Buffer.alloc(n, 0x2a),
            binary,
            fragment,
          ),
      ),
    ),
  );
}

function chopped(binary: boolean): CaseSpec[] {
  const kind = binary ? "binary" : "text";
  return number(
    `9.${binary ? 6 : 5}`,
    CHOPS.map((chop) =>
      echoLarge(
        `Send ${kind} message message with payload of length 1 * 2**20 (1M). Sent out data in chops of ${chop} octets.`,
        MiB,
        binary,
        100,
        (run) => run.p.sendFrame(frame(binary, MiB, { chopsize: chop })),
      ),
    ),
  );
}

const ROUND_TRIPS: [length: number, waitSecs: number][] = [
  [0, 60],
  [16, 60],
  [64, 60],
  [256, 120],
  [1024, 240],
  [4096, 480],
];
const COUNT = 1000;

function roundTrips(binary: boolean): CaseSpec[] {
  const kind = binary ? "binary" : "text";
  return number(
    `9.${binary ? 8 : 7}`,
    ROUND_TRIPS.map(([length, waitSecs]) => {
      const sendOne = (run: CaseRun) => {
        run.p.sendFrame({
          opcode: binary ? 2 : 1,
          payload: binary ? bytes("\xfe") : utf8("*"),
          payloadLen: length,
        });
        run.state.count = ((run.state.count as number | undefined) ?? 0) + 1;
      };
      return {
        description: `Send ${COUNT} ${kind} messages of payload size ${length} to measure implementation/network RTT (round trip time) / latency.`,
        expectation: `Receive echo'ed ${kind} messages (with payload as sent). Timeout case after ${waitSecs} secs.`,
        reportTime: true,
        onOpen(run: CaseRun) {
          run.p.wirelog.enabled = false;
          run.expectedClose = { closedByMe: true, closeCode: [CLOSE_NORMAL], requireClean: true };
          run.result = `Case did not finish within ${waitSecs} seconds.`;
          run.p.closeAfter(waitSecs);
          sendOne(run);
        },
        onMessage(run: CaseRun, payload: Buffer, isBinary: boolean) {
          if (isBinary !== binary || payload.length !== length) {
            run.behavior = "FAILED";
            run.result = `Echo'ed message type or length differs from what I sent (got binary = ${isBinary}, payload length = ${payload.length}).`;
            run.p.wirelog.enabled = true;
            run.p.sendClose(CLOSE_NORMAL);
          } else if ((run.state.count as number) < COUNT) sendOne(run);
          else {
            run.behavior = "OK";
            run.result = "Ok, received all echo'ed messages in time.";
            run.p.wirelog.enabled = true;
            run.p.sendClose(CLOSE_NORMAL);
          }
        },
      };
    }),
  );
}

export const case9: CaseSpec[] = [
  ...large(false),
  ...large(true),
  ...fragmented(false),
  ...fragmented(true),
  ...chopped(false),
  ...chopped(true),
  ...roundTrips(false),
  ...roundTrips(true),
];
