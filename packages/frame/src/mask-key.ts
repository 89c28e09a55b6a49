import { usageError } from "./frame-errors.js";

/** Random bytes fetched per `crypto.getRandomValues` call (at most 65536 allowed). */
const POOL_SIZE = 8192;

let pool: Uint8Array | undefined;
let poolPos = POOL_SIZE;

function webCrypto(): Crypto {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c === undefined || typeof c.getRandomValues !== "function") {
    throw usageError("no crypto.getRandomValues for mask keys");
  }
  return c;
}

/**
 * Copy `n` fresh random bytes into `target` at `offset`, from a pool filled by
 * `crypto.getRandomValues` (a CSPRNG).
 *
 * RFC 6455 §5.3: "The masking key needs to be unpredictable; thus, the masking
 * key MUST be derived from a strong source of entropy, and the masking key for
 * a given frame MUST NOT make it simple for a server or proxy to predict the
 * masking key for a subsequent frame."
 */
export function fillRandom(target: Uint8Array, offset: number, n: number): void {
  if (n > POOL_SIZE) {
    webCrypto().getRandomValues(target.subarray(offset, offset + n));
    return;
  }
  if (pool === undefined || poolPos + n > POOL_SIZE) {
    pool ??= new Uint8Array(POOL_SIZE);
    webCrypto().getRandomValues(pool);
    poolPos = 0;
  }
  for (let i = 0; i < n; i++) target[offset + i] = pool[poolPos + i]!;
  // Never hand out the same pool bytes twice.
  poolPos += n;
}

/**
 * The default `getMaskKey`: `n` bytes from a CSPRNG (Python uses
 * `os.urandom`). Returns a fresh array the caller may keep.
 */
export function randomMaskKey(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 65536) {
    throw usageError(`bad mask key length ${n}`);
  }
  const out = new Uint8Array(n);
  fillRandom(out, 0, n);
  return out;
}
