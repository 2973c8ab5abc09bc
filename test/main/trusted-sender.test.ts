import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/trusted-sender';

const production = [{ protocol: 'app:', host: 'tokendesk' }];
const dev = [{ protocol: 'http:', host: '127.0.0.1:5173' }];

describe('isTrustedSender', () => {
  it('trusts only our origin’s main frame', () => {
    expect(isTrustedSender({ url: 'app://tokendesk/index.html#/x', parent: null }, production)).toBe(true);
    expect(isTrustedSender({ url: 'http://127.0.0.1:5173/', parent: null }, dev)).toBe(true);
  });

  it.each([
    'app://tokendesk.evil/index.html',
    'app://evil/index.html',
    'http://127.0.0.1:5174/',
    'https://127.0.0.1:5173/',
    'http://localhost:5173/',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isTrustedSender({ url, parent: null }, [...production, ...dev])).toBe(false);
  });
});
