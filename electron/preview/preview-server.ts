import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '../core/contract/dispatch';
import { events } from '../core/contract/ipc-contract';
import { contentSecurityPolicy } from '../core/security/content-security-policy';
import type { Servable } from '../core/host/socket-rpc';
import { parseClientMessage, type ServerMessage } from '../core/contract/preview-protocol';

export interface PreviewServerOptions {
  /** The host's handlers and events (whether it refreshes or follows the refresher). */
  core: Servable;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed key for tests; random (32 bytes, base64url) otherwise. */
  key?: string;
}

export interface PreviewServer {
  /** The URL to open, key included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK_HOSTNAMES = ['127.0.0.1', 'localhost'];

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The browser preview: serves the built renderer on 127.0.0.1 and carries the IPC contract over a WebSocket, so a
 * browser page gets the same `window.tokendesk` the Electron preload gives. It is a development and test tool, and
 * it guards the core like main guards IPC: loopback only, a Host check on every request (DNS rebinding), and a
 * socket that requires our Origin and the random key printed in the URL.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const key = options.key ?? randomBytes(32).toString('base64url');
  let port = options.port ?? 0;
  const allowedHosts = () => LOOPBACK_HOSTNAMES.map((name) => `${name}:${port}`);
  const serveStatic = sirv(options.rendererDir, { dev: false, etag: true, single: false });

  const server = http.createServer((request, response) => {
    if (!allowedHosts().includes(request.headers.host ?? '')) {
      response
        .writeHead(421, { 'Content-Type': 'text/plain' })
        .end('TokenDesk preview answers only to 127.0.0.1 and localhost.');
      return;
    }
    response.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy({ previewSocket: `ws://${request.headers.host}` }),
    );
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    serveStatic(request, response, () => {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    });
  });

  const sockets = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: 1024 * 1024,
    verifyClient: ({ origin, req }: { origin: string; req: http.IncomingMessage }) => {
      const host = req.headers.host ?? '';
      const given = new URL(req.url ?? '/', 'http://placeholder').searchParams.get('key') ?? '';
      return allowedHosts().includes(host) && origin === `http://${host}` && sameSecret(given, key);
    },
  });

  sockets.on('connection', (socket: WebSocket) => {
    const send = (message: ServerMessage) => socket.send(JSON.stringify(message));
    const unsubscribes = Object.entries(events).map(([name, entry]) =>
      options.core.events.on(name as keyof typeof events, (payload) =>
        send({ type: 'event', channel: entry.channel, payload }),
      ),
    );
    socket.on('close', () => unsubscribes.forEach((unsubscribe) => unsubscribe()));
    socket.on('message', async (data) => {
      const message = parseClientMessage(data.toString());
      if (!message) return void socket.close(1008, 'malformed message');
      send({
        type: 'result',
        id: message.id,
        envelope: await dispatch(options.core.handlers, message.channel, message.args),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?key=${key}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.clients.forEach((client) => client.terminate());
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
