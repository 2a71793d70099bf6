import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a key may do; each role includes the ones before it. */
export const ROLES = ['reader', 'writer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `held` includes `needed`. */
export function allows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** A stored key: its public id, name and role, and only a hash of its secret. */
export interface ApiKeyRecord {
  keyId: string;
  name: string;
  role: Role;
  hash: string;
  createdAt: string;
  revokedAt: string | null;
}

const KEY_FORMAT = /^tm_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** SHA-256 of a secret: keys are 256 random bits, so a fast hash cannot be brute-forced and needs no salt. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new key `tm_<keyId>_<secret>` (shown once) and the hash that is stored. */
export function newApiKey(): { key: string; keyId: string; hash: string } {
  const keyId = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `tm_${keyId}_${secret}`, keyId, hash: hashSecret(secret) };
}

/** Splits a presented key into its id and secret; null when it is not of the key format. */
export function parseApiKey(key: string): { keyId: string; secret: string } | null {
  const m = KEY_FORMAT.exec(key);
  return m ? { keyId: m[1], secret: m[2] } : null;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Constant-time comparison of two strings of any length (the bootstrap admin key). */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashSecret(presented), 'hex'), Buffer.from(hashSecret(expected), 'hex'));
}
