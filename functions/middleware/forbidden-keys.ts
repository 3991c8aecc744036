/**
 * Keys that pollute prototypes when a parsed body is merged into another object. `JSON.parse` keeps them as own
 * properties and zod then drops or keeps them silently, so a body carrying one is refused instead, wherever it is.
 */
const forbidden = new Set(["__proto__", "constructor", "prototype"]);

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The JSON pointer of the first forbidden key in a parsed JSON value, if any. Walks with its own stack, not
 * recursion: a 1 MB body can nest far deeper than the call stack allows.
 */
export function forbiddenKeyPointer(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, ""]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, pointer] = next;
    if (node === null || typeof node !== "object") continue;
    for (const key of Object.keys(node)) {
      const path = `${pointer}/${escapePointer(key)}`;
      if (!Array.isArray(node) && forbidden.has(key)) return path;
      stack.push([(node as Record<string, unknown>)[key], path]);
    }
  }
  return undefined;
}
