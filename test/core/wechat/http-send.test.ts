import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WeChatClient } from '../../../electron/core/wechat/client';
import { undiciSend } from '../../../electron/core/wechat/http-send';

const SECRET = 'CANARY-AppSecret-2b9d4f61e0';

/** A loopback server answering every request with `answer`, keeping what it was asked. */
async function serve(answer: (request: http.IncomingMessage, response: http.ServerResponse) => void) {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    answer(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('the default transport (undici’s request)', () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('reads the status, headers (case-insensitively, repeated ones joined) and the body', async () => {
    const server = await serve((_request, response) => {
      response.setHeader('Content-Type', 'application/json; encoding=utf-8');
      response.setHeader('X-Twice', ['a', 'b']);
      response.writeHead(418).end('{"errcode":0}');
    });
    servers.push(server);
    const answer = await undiciSend(`${server.url}/x`, { method: 'GET', signal: new AbortController().signal });
    expect(answer.status).toBe(418);
    expect(answer.headers.get('Content-Type')).toBe('application/json; encoding=utf-8');
    expect(answer.headers.get('x-twice')).toBe('a, b');
    expect(answer.headers.get('date')).toMatch(/GMT$/);
    expect(answer.headers.get('x-missing')).toBeNull();
    expect(await answer.text()).toBe('{"errcode":0}');
  });

  it('never follows a redirect, so a secret in the query is not sent on to wherever it points', async () => {
    const elsewhere = await serve((_request, response) => response.writeHead(200).end('{"access_token":"T"}'));
    const upstream = await serve((_request, response) =>
      response.writeHead(302, { Location: `${elsewhere.url}/cgi-bin/token` }).end(),
    );
    servers.push(elsewhere, upstream);
    const client = new WeChatClient({ apiBase: upstream.url });
    const exchange = await client.classicToken({ appId: 'wx00000000000000a1', secret: SECRET });
    expect(exchange.outcome).toMatchObject({ kind: 'bad-response' });
    expect(exchange.status).toBe(302);
    expect(upstream.seen).toHaveLength(1);
    expect(elsewhere.seen).toEqual([]);
  });
});
