import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startPreviewServer, type PreviewServer } from '../../electron/preview/preview-server';
import type { ServerMessage } from '../../electron/core/contract/preview-protocol';
import { createTestCore } from '../support/core-fixture';
import { useTempDirs } from '../support/temp-dir';

const rendererDir = path.resolve(import.meta.dirname, '..', '..', 'renderer'); // any folder with an index.html

/** Opens a socket and resolves with the close code (refused) or the open socket. */
function connect(url: string, headers: Record<string, string>): Promise<{ socket?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode }));
    socket.once('error', () => resolve({}));
  });
}

function call(socket: WebSocket, channel: string, args: unknown[]): Promise<ServerMessage> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerMessage));
    socket.send(JSON.stringify({ type: 'invoke', id: 7, channel, args }));
  });
}

describe('preview server', () => {
  const tempDir = useTempDirs();
  let server: PreviewServer | undefined;
  afterEach(async () => server?.close());

  async function start() {
    server = await startPreviewServer({ core: createTestCore(tempDir()), rendererDir, key: 'k'.repeat(43) });
    const origin = `http://127.0.0.1:${server.port}`;
    return { server, origin, socketUrl: `ws://127.0.0.1:${server.port}/ws?key=${'k'.repeat(43)}` };
  }

  it('listens on 127.0.0.1 only and prints a URL with its key', async () => {
    const { server } = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=k{43}$/);
  });

  it('serves the page with a CSP header and refuses a foreign Host (DNS rebinding)', async () => {
    const { origin } = await start();
    const page = await fetch(`${origin}/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // fetch() may not set Host, so this request is made the way a rebinding browser's would arrive.
    const reboundStatus = await new Promise<number | undefined>((resolve) =>
      http.get(`${origin}/index.html`, { headers: { Host: 'attacker.example' } }, (response) =>
        resolve(response.statusCode),
      ),
    );
    expect(reboundStatus).toBe(421);
  });

  it('carries the contract for our origin with the key', async () => {
    const { origin, socketUrl } = await start();
    const { socket } = await connect(socketUrl, { Origin: origin });
    expect(socket).toBeDefined();
    await expect(call(socket!, 'accounts:list', [])).resolves.toEqual({
      type: 'result',
      id: 7,
      envelope: { ok: true, value: [] },
    });
    await expect(call(socket!, 'settings:set', [{ theme: 42 }])).resolves.toMatchObject({
      envelope: { ok: false, error: { code: 'bad-arguments' } },
    });
    const pushed = new Promise<ServerMessage>((resolve) =>
      socket!.on('message', (data) => {
        const message = JSON.parse(data.toString()) as ServerMessage;
        if (message.type === 'event') resolve(message);
      }),
    );
    await call(socket!, 'settings:set', [{ theme: 'dark' }]);
    await expect(pushed).resolves.toMatchObject({
      type: 'event',
      channel: 'settings:changed',
      payload: { theme: 'dark' },
    });
    socket!.close();
  });

  it.each([
    ['no key', (url: string) => url.replace(/\?key=.*/, ''), (origin: string) => origin],
    ['a wrong key', (url: string) => url.replace(/key=k/, 'key=x'), (origin: string) => origin],
    ['a foreign Origin', (url: string) => url, () => 'https://evil.example'],
    ['no Origin', (url: string) => url, () => ''],
  ])('refuses a socket with %s', async (_name, mangleUrl, mangleOrigin) => {
    const { origin, socketUrl } = await start();
    const headers: Record<string, string> = mangleOrigin(origin) ? { Origin: mangleOrigin(origin) } : {};
    const result = await connect(mangleUrl(socketUrl), headers);
    expect(result.socket).toBeUndefined();
    expect(result.status).toBe(401);
  });

  it('closes a socket that sends something that is not a contract message', async () => {
    const { origin, socketUrl } = await start();
    const { socket } = await connect(socketUrl, { Origin: origin });
    const closed = new Promise<number>((resolve) => socket!.once('close', (code) => resolve(code)));
    socket!.send('{"type":"eval","code":"process.exit()"}');
    await expect(closed).resolves.toBe(1008);
  });
});

describe('preview protocol', () => {
  it('delivers undefined arguments as undefined, as Electron’s IPC does', async () => {
    const { encodeInvoke, parseClientMessage } = await import('../../electron/core/contract/preview-protocol');
    const message = parseClientMessage(encodeInvoke(3, 'accounts:test-credentials', [{ a: null }, undefined, 'id-1']));
    expect(message).toEqual({
      type: 'invoke',
      id: 3,
      channel: 'accounts:test-credentials',
      args: [{ a: null }, undefined, 'id-1'],
      undefinedArgs: [1],
    });
    expect(parseClientMessage(encodeInvoke(4, 'x', [null]))!.args).toEqual([null]);
  });
});
