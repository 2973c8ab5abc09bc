import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import WebSocket from 'ws';
import type { AccountView } from '../../electron/core/contract/views';
import { encodeInvoke, type ServerMessage } from '../../electron/core/contract/preview-protocol';
import { events, invokes } from '../../electron/core/contract/ipc-contract';
import type { Envelope } from '../../electron/core/contract/contract-kit';
import { CLI_PATH } from '../cli/cli-harness';

const previewEntry = path.resolve(import.meta.dirname, '..', '..', 'dist-electron', 'preview', 'index.js');

/** A long-running TokenDesk process (the preview or `serve`) as a user starts it, with its output collected. */
export interface HostProcess {
  child: ChildProcess;
  /** The first stdout line: the preview's URL (with its key) or serve's endpoint URL. */
  firstLine: Promise<string>;
  stderr(): string;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM and wait for the exit (no-op when already gone). */
  stop(): Promise<void>;
  /** SIGKILL: no cleanup at all, as a crash. */
  kill(): Promise<void>;
}

function watch(child: ChildProcess): HostProcess {
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of waiters.filter((w) => stderr.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const firstLine = new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line:\n${stderr}`)));
  });
  firstLine.catch(() => undefined);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    firstLine,
    stderr: () => stderr,
    waitForStderr: (text, timeoutMs = 10_000) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`no "${text}" on stderr within ${timeoutMs} ms:\n${stderr}`)),
              timeoutMs,
            );
            waiters.push({
              text,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            });
          }),
    stop: async () => {
      if (gone()) return;
      child.kill('SIGTERM');
      await exited;
    },
    kill: async () => {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function spawnServe(env: NodeJS.ProcessEnv, args: string[] = ['--port', '0']): HostProcess {
  return watch(spawn(process.execPath, [CLI_PATH, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export function spawnPreview(env: NodeJS.ProcessEnv): HostProcess {
  return watch(
    spawn(process.execPath, [previewEntry, '--data-dir', env.TOKENDESK_HOME!], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** What a page of the preview sees: the contract over its WebSocket, and the events pushed to it. */
export class PreviewClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (envelope: Envelope<unknown>) => void>();
  private readonly listeners = new Set<(name: string, payload: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    const names = new Map(Object.entries(events).map(([name, entry]) => [entry.channel, name]));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'result') this.waiting.get(message.id)?.(message.envelope);
      else
        this.listeners.forEach((listener) => listener(names.get(message.channel) ?? message.channel, message.payload));
    });
  }

  static async connect(pageUrl: string): Promise<PreviewClient> {
    const url = new URL(pageUrl);
    const socket = new WebSocket(`ws://${url.host}/ws?key=${url.searchParams.get('key')}`, {
      headers: { Origin: `http://${url.host}` },
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new PreviewClient(socket);
  }

  async call<T>(method: keyof typeof invokes, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    const envelope = await new Promise<Envelope<unknown>>((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(encodeInvoke(id, invokes[method].channel, args));
    });
    if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
    return envelope.value as T;
  }

  /** Resolves with the first `accountsChanged` list that satisfies `test`. */
  waitForAccounts(test: (accounts: AccountView[]) => boolean, timeoutMs: number): Promise<AccountView[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no matching account list pushed within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (name: string, payload: unknown) => {
        if (name !== 'accountsChanged' || !test(payload as AccountView[])) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(payload as AccountView[]);
      };
      this.listeners.add(listener);
    });
  }

  close(): void {
    this.socket.close();
  }
}
