import * as z from "zod";

/**
 * A secret that rotates (the pepper, the session signing key): every key still accepted, by id, and the id of the
 * one new hashes and tokens use. Old keys stay listed while anything made with them must keep working; removing an
 * id makes what it made fail closed.
 */
export type KeyRing = { readonly current: string; readonly keys: ReadonlyMap<string, Uint8Array> };

/**
 * The id of a secret written before key ids existed — a bare value rather than a ring — and so of every hash and
 * token made with it (a hash without an id prefix, a token without `kid`). Today's secrets are read as this one key,
 * with no migration.
 */
export const legacyKeyId = "1";

/** Key ids go into stored hashes and token headers: short, and free of the separators around them. */
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "key ids are 1-32 letters, digits, - or _");

/**
 * The stored shape of a rotating secret: `{"current":"2","keys":{"1":"<old>","2":"<new>"}}` (or a bare string: the
 * legacy single key). Values are decoded by the caller (UTF-8 in Secrets Manager, base64 in the local key file).
 */
export const keyRingShape = z
  .strictObject({ current: keyId, keys: z.record(keyId, z.string()) })
  .refine((ring) => Object.hasOwn(ring.keys, ring.current), {
    message: "current must name one of keys",
    path: ["current"],
  });

/**
 * The ring a stored secret describes; throws (naming no key material) when its shape is wrong or a key is shorter
 * than `minBytes`, so a bad rotation fails loudly at the first use instead of signing with a weak key.
 */
export function keyRingOf(stored: unknown, decode: (value: string) => Uint8Array, minBytes: number): KeyRing {
  let ring: { current: string; keys: Record<string, string> };
  if (typeof stored === "string") ring = { current: legacyKeyId, keys: { [legacyKeyId]: stored } };
  else {
    const parsed = keyRingShape.safeParse(stored);
    if (!parsed.success) {
      throw new Error(`Secret is not a key ring: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    }
    ring = parsed.data;
  }
  const keys = new Map(Object.entries(ring.keys).map(([id, value]) => [id, decode(value)] as const));
  for (const [id, key] of keys) {
    if (key.length < minBytes) throw new Error(`Key ${id} of a secret is missing or too short`);
  }
  return { current: ring.current, keys };
}

/** A ring of one key under the legacy id: what a secret without ids is read as. */
export const singleKeyRing = (key: Uint8Array): KeyRing => ({
  current: legacyKeyId,
  keys: new Map([[legacyKeyId, key]]),
});

/** The key new material is made with. */
export function currentKey(ring: KeyRing): Uint8Array {
  const key = ring.keys.get(ring.current);
  if (!key) throw new Error("The current key of a secret is not in its ring");
  return key;
}
