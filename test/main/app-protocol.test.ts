import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../electron/main/app-protocol';

const root = path.resolve('/opt/tokendesk/dist/renderer');

describe('resolveInside (app:// file lookup)', () => {
  it('finds files inside the renderer folder', () => {
    expect(resolveInside(root, '/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it.each(['/../../etc/passwd', '/..%2f..%2fetc/passwd', '/assets/../../secret', '/%2e%2e/x'])(
    'never leaves it: %s',
    (request) => {
      const resolved = resolveInside(root, request);
      expect(resolved === null || resolved.startsWith(root + path.sep)).toBe(true);
    },
  );
});
