/**
 * Compressible JSON-like text of exactly `size` bytes (ASCII): an array of
 * small records with repeating keys, as an API's messages look.
 */
export function jsonText(size: number): string {
  const parts: string[] = [];
  let n = 2;
  for (let i = 0; n < size; i++) {
    const item = `{"id":${i},"user":"user-${i % 97}","tags":["alpha","beta","c${i % 7}"],"score":${(i * 37) % 1000},"active":${i % 2 === 0}},`;
    parts.push(item);
    n += item.length;
  }
  const body = `[${parts.join("")}`.slice(0, size - 1).padEnd(size - 1, " ");
  return `${body}]`;
}
