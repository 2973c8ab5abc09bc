import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startLocalEndpoint,
  type LocalEndpoint,
  type LocalEndpointOptions,
} from '../../../electron/core/endpoint/local-endpoint';
import { rawRequest } from '../../support/raw-http';
import { MemoryTokenSource } from './memory-token-source';

const LOCAL_KEY = 'local-key-Q2hlY2tLZXlGb3JUZXN0cw';
const SECRET = 'canary-secret-5f1d2c9e8b7a6f5e4d3c2b1a';
const APP_ID = 'wx1111111111111111';
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('local endpoint under abuse', () => {
  let endpoint: LocalEndpoint | undefined;
  afterEach(async () => {
    await endpoint?.close();
    endpoint = undefined;
  });

  /** The clock never moves: no bucket refills, so what a flood uses up stays used up. */
  async function start(options: Partial<LocalEndpointOptions> = {}) {
    const source = new MemoryTokenSource(
      [{ id: 'acc-oa', label: 'shop', appId: APP_ID, kind: 'officialAccount', mode: 'stable' }],
      new Map([['acc-oa', SECRET]]),
      LOCAL_KEY,
    );
    source.tokens.set('acc-oa', { accessToken: 'TOKEN-OA-1', expiresAt: T0 + 7_000_000 });
    endpoint = await startLocalEndpoint({ source, port: 0, now: () => T0, ...options });
    const port = endpoint.port;
    const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ port, path, headers });
    return { port, get };
  }

  it('a keyless flood uses up its own small budget and never turns keyed callers away', async () => {
    const { get } = await start({
      rateLimit: { perSecond: 100, burst: 50 },
      unauthenticatedRateLimit: { perSecond: 5, burst: 10 },
    });
    const flood = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        get('/v1/tokens/shop', i % 2 === 0 ? {} : { Authorization: 'Bearer guessed-wrong' }),
      ),
    );
    const floodStatuses = flood.map((response) => response.status);
    expect(floodStatuses.filter((status) => status === 401)).toHaveLength(10);
    expect(floodStatuses.filter((status) => status === 429)).toHaveLength(50);

    const keyed = await Promise.all(
      Array.from({ length: 20 }, () => get('/v1/tokens/shop', { Authorization: `Bearer ${LOCAL_KEY}` })),
    );
    expect(keyed.map((response) => response.status)).toEqual(Array(20).fill(200));
  });

  it('WeChat-shaped guesses at unknown AppIDs draw on the small budget, not on that of callers naming ours', async () => {
    const { get } = await start({
      rateLimit: { perSecond: 100, burst: 50 },
      unauthenticatedRateLimit: { perSecond: 5, burst: 10 },
    });
    const guesses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        get(`/cgi-bin/token?grant_type=client_credential&appid=wx${String(i).padStart(16, '0')}&secret=x`),
      ),
    );
    const codes = guesses.map((response) => (JSON.parse(response.text) as { errcode: number }).errcode);
    expect(codes.filter((code) => code === 40013)).toHaveLength(10);
    expect(codes.filter((code) => code === 45011)).toHaveLength(20);
    const ours = await get(`/cgi-bin/token?grant_type=client_credential&appid=${APP_ID}&secret=${SECRET}`);
    expect(JSON.parse(ours.text)).toMatchObject({ access_token: 'TOKEN-OA-1' });
  });

  /**
   * Sends `head` at once, then one byte every 200 ms (up to 15 s). Resolves with what the server answered, and
   * whether it hung up while the client was still trickling.
   */
  function trickle(port: number, head: string): Promise<{ answer: string; closedByServer: boolean }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      const chunks: Buffer[] = [];
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const finish = (closedByServer: boolean) => {
        clearInterval(timer);
        resolve({ answer: Buffer.concat(chunks).toString('latin1'), closedByServer });
      };
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('close', () => finish(sent < 75));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
      socket.on('connect', () => {
        socket.write(head);
        timer = setInterval(() => {
          if (sent >= 75) return socket.destroy();
          sent += 1;
          if (!socket.destroyed) socket.write('a');
        }, 200);
      });
    });
  }

  it('hangs up on a client that trickles its headers a byte at a time', { timeout: 30_000 }, async () => {
    const { port } = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    const { answer, closedByServer } = await trickle(
      port,
      `GET /v1/tokens/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `,
    );
    expect(closedByServer).toBe(true);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('hangs up on a client that trickles its body a byte at a time', { timeout: 30_000 }, async () => {
    const { port } = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    const head =
      `POST /v1/tokens/shop/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${LOCAL_KEY}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    const { closedByServer } = await trickle(port, head);
    expect(closedByServer).toBe(true);
  });
});
