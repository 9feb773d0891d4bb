// zlib inflate with a hard output cap (a QR-sized bomb never inflates past it), through the
// platform's DecompressionStream (browsers and Node >= 18): no inflate code of our own to ship.
import { DecodeError } from "./errors.mjs";

export const DEFAULT_MAX_INFLATED = 64 * 1024;

export async function inflate(data, maxSize = DEFAULT_MAX_INFLATED) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate"));
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxSize) {
        reader.cancel().catch(() => {});
        throw new DecodeError("zlib", `zlib data inflates beyond the ${maxSize}-byte cap`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof DecodeError) throw err;
    throw new DecodeError("zlib", `zlib data is corrupt or truncated: ${err && err.message ? err.message : err}`);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
