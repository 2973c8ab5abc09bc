import { hash, timingSafeEqual } from 'node:crypto';

// The one-shot `hash` (Node ≥ 20.12) costs half of `createHash(…).update(…).digest()`: the key is checked per request.
const digest = (value: string) => hash('sha256', value, 'buffer');

/**
 * Compares two secrets in constant time. Both sides are hashed first so that neither the content nor the length of
 * the expected secret leaks through timing (timingSafeEqual alone requires equal lengths and would return early).
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected)) && expected.length > 0;
}

/** `sameSecret` against a fixed secret, hashing it once: for the local key, checked on every request. */
export function secretMatcher(expected: string): (given: string) => boolean {
  const expectedDigest = digest(expected);
  return (given) => timingSafeEqual(digest(given), expectedDigest) && expected.length > 0;
}
