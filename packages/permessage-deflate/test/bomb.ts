import { constants, createDeflateRaw } from "node:zlib";

const MiB = 1024 * 1024;

/**
 * A permessage-deflate payload that inflates to `mib` MiB of zeros, as small
 * as DEFLATE allows (about 1/1000: a 258-byte match costs at least 2 bits).
 * The first MiB is compressed from an empty window; every later MiB is the
 * same block sequence, which only refers back into the zeros before it, so
 * it is compressed once and repeated. Ends with the sync-flush tail removed,
 * as a sender would send it (RFC 7692 §7.2.1).
 */
export async function zeroBomb(mib: number): Promise<Buffer> {
  const zlib = createDeflateRaw({ level: 9 });
  const flushed = (data: Buffer) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const onData = (c: Buffer) => chunks.push(c);
      zlib.on("data", onData);
      zlib.once("error", reject);
      zlib.write(data);
      zlib.flush(constants.Z_SYNC_FLUSH, () => {
        zlib.off("data", onData);
        resolve(Buffer.concat(chunks));
      });
    });
  const zeros = Buffer.alloc(MiB);
  const first = await flushed(zeros);
  const next = await flushed(zeros);
  zlib.close();
  const parts = [first];
  for (let i = 1; i < mib; i++) parts.push(next);
  const all = Buffer.concat(parts);
  return all.subarray(0, all.length - 4);
}
