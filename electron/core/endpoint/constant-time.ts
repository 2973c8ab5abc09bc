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

/**
 * `sameSecret` against a fixed secret: for the local key, checked on every request to the endpoint. A loop over the
 * expected key's characters with no early exit takes as long whatever the caller sends (the given string is read at
 * the key's positions only, so its length and content change nothing), and unlike hashing it allocates nothing (a
 * digest per request was, after writing the answer, the largest cost of the endpoint's own in the profile).
 */
export function secretMatcher(expected: string): (given: string) => boolean {
  const length = expected.length;
  const codes = new Uint16Array(length);
  for (let i = 0; i < length; i++) codes[i] = expected.charCodeAt(i);
  return (given) => {
    let difference = given.length ^ length;
    // Past the end of `given`, charCodeAt is NaN, which `| 0` turns into 0: still a difference, and no branch.
    for (let i = 0; i < length; i++) difference |= (given.charCodeAt(i) | 0) ^ codes[i]!;
    return difference === 0 && length > 0;
  };
}
