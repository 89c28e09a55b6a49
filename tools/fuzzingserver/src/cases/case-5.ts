import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_PROTOCOL_ERROR } from "../close-codes";
import type { SendFrameOptions } from "../connection";
import { expectEcho, expectFailure, message, numbered, pong, utf8 } from "./helpers";

// Group 5: fragmentation. "Control frames [...] MUST NOT be fragmented."
// "A fragmented message consists of a single frame with the FIN bit clear and
// an opcode other than 0, followed by zero or more frames with the FIN bit
// clear and the opcode set to 0, and terminated by a single frame with the FIN
// bit set and an opcode of 0." (RFC 6455 §5.4)

type Chop = { how: Partial<SendFrameOptions>; note: string };
const PLAIN: Chop = { how: {}, note: "" };
const FRAMEWISE: Chop = { how: { sync: true }, note: " Octets are sent in frame-wise chops." };
const OCTETWISE: Chop = { how: { chopsize: 1 }, note: " Octets are sent in octet-wise chops." };

const F = (n: number) => utf8(`fragment${n}`);

function send(run: CaseRun, chop: Chop, frames: SendFrameOptions[]): void {
  for (const frame of frames) run.p.sendFrame({ ...frame, ...chop.how });
}

function fragmentedControl(opcode: number, name: string): Omit<CaseSpec, "id"> {
  return {
    description: `Send ${name} fragmented into 2 fragments.`,
    expectation: "Connection is failed immediately, since control message MUST NOT be fragmented.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      send(run, PLAIN, [
        { opcode, fin: false, payload: F(1) },
        { opcode: 0, fin: true, payload: F(2) },
      ]);
      run.p.killAfter(1);
    },
  };
}

function twoFragments(chop: Chop, description: string): Omit<CaseSpec, "id"> {
  return {
    description: `${description}${chop.note}`,
    expectation: "Message is processed and echo'ed back to us.",
    onOpen(run) {
      expectEcho(run, [message("fragment1fragment2")]);
      send(run, chop, [
        { opcode: 1, fin: false, payload: F(1) },
        { opcode: 0, fin: true, payload: F(2) },
      ]);
      run.p.closeAfter(1);
    },
  };
}

function pingBetween(chop: Chop): Omit<CaseSpec, "id"> {
  return {
    description: `Send text Message fragmented into 2 fragments, one ping with payload in-between.${chop.note}`,
    expectation: "A pong is received, then the message is echo'ed back to us.",
    onOpen(run) {
      expectEcho(run, [pong("ping payload"), message("fragment1fragment2")]);
      send(run, chop, [
        { opcode: 1, fin: false, payload: F(1) },
        { opcode: 9, fin: true, payload: utf8("ping payload") },
        { opcode: 0, fin: true, payload: F(2) },
      ]);
      run.p.closeAfter(1);
    },
  };
}

function nothingToContinue(chop: Chop, fin: boolean): Omit<CaseSpec, "id"> {
  return {
    description: `Send unfragmented Text Message after Continuation Frame with FIN = ${fin}, where there is nothing to continue, sent in ${
      chop === PLAIN ? "one chop" : chop === FRAMEWISE ? "per-frame chops" : "octet-wise chops"
    }.`,
    expectation: "The connection is failed immediately, since there is no message to continue.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      send(run, chop, [
        { opcode: 0, fin, payload: utf8("non-continuation payload") },
        { opcode: 1, fin: true, payload: utf8("Hello, world!") },
      ]);
      run.p.killAfter(1);
    },
  };
}

function repeatedNothingToContinue(fin: boolean): Omit<CaseSpec, "id"> {
  return {
    description: `Repeated 2x: Continuation Frame with FIN = ${fin} (where there is nothing to continue), then text Message fragmented into 2 fragments.`,
    expectation: "The connection is failed immediately, since there is no message to continue.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      for (let i = 0; i < 2; i++) {
        send(run, PLAIN, [
          { opcode: 0, fin, payload: F(1) },
          { opcode: 1, fin: false, payload: F(2) },
          { opcode: 0, fin: true, payload: F(3) },
        ]);
      }
      run.p.killAfter(1);
    },
  };
}

function pingsInside(chop: Chop): Omit<CaseSpec, "id"> {
  return {
    description: `A fragmented text message is sent in multiple frames. After sending the first 2 frames of the text message, a Ping is sent. Then we wait 1s, then we send 2 more text fragments, another Ping and then the final text fragment. Everything is legal.${chop.note}`,
    expectation:
      "The peer immediately answers the first Ping before it has received the last text message fragment. The peer pong's back the Ping's payload exactly, and echo's the payload of the fragmented message back to us.",
    onOpen(run) {
      const pings = [utf8("pongme 1!"), utf8("pongme 2!")];
      expectEcho(run, [
        pong(pings[0]),
        pong(pings[1]),
        message("fragment1fragment2fragment3fragment4fragment5"),
      ]);
      send(run, chop, [
        { opcode: 1, fin: false, payload: F(1) },
        { opcode: 0, fin: false, payload: F(2) },
        { opcode: 9, fin: true, payload: pings[0] },
      ]);
      run.p.continueLater(1, () => {
        send(run, chop, [
          { opcode: 0, fin: false, payload: F(3) },
          { opcode: 0, fin: false, payload: F(4) },
          { opcode: 9, fin: true, payload: pings[1] },
          { opcode: 0, fin: true, payload: F(5) },
        ]);
        run.p.closeAfter(1);
      });
    },
  };
}

export const case5: CaseSpec[] = numbered("5", [
  fragmentedControl(9, "Ping"),
  fragmentedControl(10, "Pong"),
  twoFragments(PLAIN, "Send text Message fragmented into 2 fragments."),
  twoFragments(
    { how: { sync: true }, note: "" },
    "Send text Message fragmented into 2 fragments, octets are sent in frame-wise chops.",
  ),
  twoFragments(OCTETWISE, "Send text Message fragmented into 2 fragments."),
  pingBetween(PLAIN),
  pingBetween(FRAMEWISE),
  pingBetween(OCTETWISE),
  nothingToContinue(PLAIN, true),
  nothingToContinue(FRAMEWISE, true),
  nothingToContinue(OCTETWISE, true),
  nothingToContinue(PLAIN, false),
  nothingToContinue(FRAMEWISE, false),
  nothingToContinue(OCTETWISE, false),
  {
    description:
      "Send text Message fragmented into 2 fragments, then Continuation Frame with FIN = false where there is nothing to continue, then unfragmented Text Message, all sent in one chop.",
    expectation: "The connection is failed immediately, since there is no message to continue.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR, [message("fragment1fragment2")], []);
      send(run, PLAIN, [
        { opcode: 1, fin: false, payload: F(1) },
        { opcode: 0, fin: true, payload: F(2) },
        { opcode: 0, fin: false, payload: F(3) },
        { opcode: 1, fin: true, payload: F(4) },
      ]);
      run.p.killAfter(1);
    },
  },
  repeatedNothingToContinue(false),
  repeatedNothingToContinue(true),
  {
    description:
      "Send text Message fragmented into 2 fragments, with both frame opcodes set to text, sent in one chop.",
    expectation:
      "The connection is failed immediately, since all data frames after the initial data frame must have opcode 0.",
    onOpen(run) {
      expectFailure(run, CLOSE_PROTOCOL_ERROR);
      send(run, PLAIN, [
        { opcode: 1, fin: false, payload: F(1) },
        { opcode: 1, fin: true, payload: F(2) },
      ]);
      run.p.killAfter(1);
    },
  },
  pingsInside(PLAIN),
  pingsInside(FRAMEWISE),
]);
