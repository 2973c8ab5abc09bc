import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveInside, serveRenderer } from '../../electron/main/app-protocol';

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

describe('serveRenderer (the app:// handler)', () => {
  /** The handler as Electron would call it; `net.fetch` reads the file from disk as Electron's does for file:. */
  function handler(rendererDir: string) {
    let handle: ((request: Request) => Promise<Response>) | undefined;
    serveRenderer(
      { handle: (_scheme, listener) => (handle = listener as (request: Request) => Promise<Response>) },
      { fetch: async (url) => new Response(fs.readFileSync(fileURLToPath(String(url)))) },
      rendererDir,
    );
    return handle!;
  }
  const rendererDir = path.resolve(import.meta.dirname, '..', '..', 'renderer'); // any folder with an index.html

  it('serves the page with its CSP', async () => {
    const response = await handler(rendererDir)(new Request('app://tokendesk/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it.each(['app://tokendesk/%E0%A4%A', 'app://tokendesk/assets/%ZZ.js', 'app://tokendesk/%'])(
    'answers 400 to a path whose percent-encoding is broken: %s',
    async (url) => {
      const response = await handler(rendererDir)(new Request(url));
      expect(response.status).toBe(400);
    },
  );

  it('answers 404 on another host', async () => {
    expect((await handler(rendererDir)(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });
});
