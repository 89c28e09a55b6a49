import type { CaseRun } from "../case-run";
import type { CaseSpec } from "../case-types";
import { CLOSE_NORMAL } from "../close-codes";
import { type AcceptRequest, acceptOffer, type DeflateOffer } from "../deflate";
import { COMPRESSION_DATA, type CompressionData, dataFor } from "./compression-data";

// Groups 12 and 13: permessage-deflate (RFC 7692). The server accepts the
// client's offer (13.x: with the parameters each sub-group asks for), then
// sends 1000 compressed messages one at a time, each echo checked for type,
// length and content. A client that negotiates no compression gets
// UNIMPLEMENTED, as Autobahn grades it.

/** (payload length, message count, case timeout in s, auto-fragment size) */
const MSG_SIZES: [number, number, number, number][] = [
  [16, 1000, 60, 0],
  [64, 1000, 60, 0],
  [256, 1000, 120, 0],
  [1024, 1000, 240, 0],
  [4096, 1000, 480, 0],
  [8192, 1000, 480, 0],
  [16384, 1000, 480, 0],
  [32768, 1000, 480, 0],
  [65536, 1000, 480, 0],
  [131072, 1000, 480, 0],
  [8192, 1000, 480, 256],
  [16384, 1000, 480, 256],
  [32768, 1000, 480, 256],
  [65536, 1000, 480, 256],
  [131072, 1000, 480, 256],
  [131072, 1000, 480, 1024],
  [131072, 1000, 480, 4096],
  [131072, 1000, 480, 32768],
];

type Accept = (offers: DeflateOffer[]) => ReturnType<typeof acceptOffer> | null;

function compressionCase(
  id: string,
  data: CompressionData,
  [length, count, waitSecs, autoFragment]: [number, number, number, number],
  accept: Accept,
  offerText: string,
): CaseSpec {
  const nextMessage = (run: CaseRun): Buffer => {
    const all = dataFor(data.key);
    const from = (run.state.ptr as number | undefined) ?? 0;
    const to = (from + length) % all.length;
    run.state.ptr = to;
    return to > from
      ? all.subarray(from, to)
      : Buffer.concat([all.subarray(from), all.subarray(0, to)]);
  };
  const sendOne = (run: CaseRun) => {
    const msg = nextMessage(run);
    run.state.expect = msg;
    run.state.count = ((run.state.count as number | undefined) ?? 0) + 1;
    run.p.sendMessage(msg, data.binary);
  };
  return {
    id,
    description: `Send ${count} compressed messages each of payload size ${length}, auto-fragment to ${autoFragment} octets. Use ${offerText}`,
    expectation: `Receive echo'ed messages (with payload as sent). Timeout case after ${waitSecs} secs.`,
    reportTime: true,
    acceptDeflate: accept,
    onOpen(run) {
      run.expectedClose = { closedByMe: true, closeCode: [CLOSE_NORMAL], requireClean: true };
      run.p.wirelog.enabled = false;
      run.p.autoFragmentSize = autoFragment;
      if (!run.p.deflate) {
        run.behavior = "UNIMPLEMENTED";
        run.result = "The client did not negotiate permessage-deflate.";
        run.p.sendClose(CLOSE_NORMAL);
        return;
      }
      run.result = `Case did not finish within ${waitSecs} seconds.`;
      run.p.closeAfter(waitSecs);
      sendOne(run);
    },
    onMessage(run, payload, binary) {
      const expected = run.state.expect as Buffer;
      if (binary !== data.binary || payload.length !== length || !payload.equals(expected)) {
        run.behavior = "FAILED";
        run.result =
          binary !== data.binary
            ? `Echo'ed message type differs from what I sent (got binary ${binary}, expected binary ${data.binary}).`
            : payload.length !== length
              ? `Echo'ed message length differs from what I sent (got length ${payload.length}, expected length ${length}).`
              : "Echo'ed message contents differs from what I sent.";
        run.p.wirelog.enabled = true;
        run.p.sendClose(CLOSE_NORMAL);
      } else if ((run.state.count as number) < count) sendOne(run);
      else {
        run.behavior = "OK";
        run.result = "Ok, received all echo'ed messages in time.";
        run.p.wirelog.enabled = true;
        run.p.sendClose(CLOSE_NORMAL);
      }
    },
  };
}

const firstOffer =
  (request: AcceptRequest = {}, needs: (o: DeflateOffer) => boolean = () => true): Accept =>
  (offers) => {
    const offer = offers.find(needs);
    return offer ? acceptOffer(offer, request) : null;
  };

const acceptDefault = firstOffer();

const label = (d: CompressionData) =>
  `${d.desc} (${d.binary ? "binary" : "utf8"}, ${d.size} bytes)`;

/** Sub-group titles for the report. */
export const compressionGroups: Record<string, string> = {};

export const case12: CaseSpec[] = COMPRESSION_DATA.flatMap((data, j) => {
  compressionGroups[`12.${j + 1}`] = label(data);
  return MSG_SIZES.map((size, i) =>
    compressionCase(
      `12.${j + 1}.${i + 1}`,
      data,
      size,
      acceptDefault,
      "default permessage-deflate offer.",
    ),
  );
});

// 13.x: the server's acceptance with (requestNoContextTakeover, requestMaxWindowBits).
const noContext = (o: DeflateOffer) => o.acceptNoContextTakeover;
const maxBits = (o: DeflateOffer) => o.acceptMaxWindowBits;
const both = (o: DeflateOffer) => o.acceptNoContextTakeover && o.acceptMaxWindowBits;
const accept5 = firstOffer({ requestNoContextTakeover: true, requestMaxWindowBits: 8 }, both);
const accept2 = firstOffer({ requestNoContextTakeover: true }, noContext);

const PARAMS: [Accept, string][] = [
  [acceptDefault, "[(False, 0)]"],
  [accept2, "[(True, 0)]"],
  [firstOffer({ requestMaxWindowBits: 8 }, maxBits), "[(False, 8)]"],
  [firstOffer({ requestMaxWindowBits: 15 }, maxBits), "[(False, 15)]"],
  [accept5, "[(True, 8)]"],
  [firstOffer({ requestNoContextTakeover: true, requestMaxWindowBits: 15 }, both), "[(True, 15)]"],
  [
    (offers) => accept5(offers) ?? accept2(offers) ?? acceptDefault(offers),
    "[(True, 8), (True, 0), (False, 0)]",
  ],
];

const JSON_DATA = COMPRESSION_DATA[0]!;

export const case13: CaseSpec[] = PARAMS.flatMap(([accept, text], j) => {
  compressionGroups[`13.${j + 1}`] =
    `${label(JSON_DATA)} - server accept (requestNoContextTakeover, requestMaxWindowBits): ${text}`;
  return MSG_SIZES.map((size, i) =>
    compressionCase(
      `13.${j + 1}.${i + 1}`,
      JSON_DATA,
      size,
      accept,
      `permessage-deflate; server accept (requestNoContextTakeover, requestMaxWindowBits): ${text}`,
    ),
  );
});
