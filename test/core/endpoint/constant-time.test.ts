import { describe, expect, it } from 'vitest';
import { sameSecret, secretMatcher } from '../../../electron/core/endpoint/constant-time';

const KEY = 'local-key-Q2hlY2tLZXlGb3JUZXN0cw';

describe('secret comparison', () => {
  it('accepts the key itself and nothing that merely resembles it', () => {
    const isKey = secretMatcher(KEY);
    expect(isKey(KEY)).toBe(true);
    for (const near of [
      KEY.slice(0, -1), // a prefix
      `${KEY}x`, // longer
      `${KEY.slice(0, -1)}X`, // the last character differs
      `x${KEY.slice(1)}`, // the first differs
      KEY.toUpperCase(),
      '',
      `${KEY.slice(0, 10)}\u0000${KEY.slice(11)}`, // NUL where a character was
      `${KEY}${KEY}`,
    ])
      expect(isKey(near), near).toBe(false);
  });

  it('never accepts anything for an empty key', () => {
    expect(secretMatcher('')('')).toBe(false);
    expect(secretMatcher('')('anything')).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });

  it('compares characters beyond Latin-1 exactly', () => {
    const isKey = secretMatcher('密钥-🔑');
    expect(isKey('密钥-🔑')).toBe(true);
    expect(isKey('密钥-🔒')).toBe(false);
    expect(sameSecret('密钥', '密钥')).toBe(true);
    expect(sameSecret('密钥', '秘钥')).toBe(false);
  });
});
