import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountDraft } from '../../../electron/core/contract/views';
import type { TokenDeskCore } from '../../../electron/core/tokendesk-core';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { createTestCore } from '../../support/core-fixture';
import { useTempDirs } from '../../support/temp-dir';

const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const APP_ID = 'wx1234567890abcdef';

/** A host that is not the account's: it records every request (URL and body) it gets. */
async function startRecorder(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":40125,"errmsg":"recorded"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('accounts:test-credentials', () => {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const fake: FakeWeChat = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    const recorder = await startRecorder();
    const core: TokenDeskCore = createTestCore(tempDir());
    cleanups.push(
      () => fake.close(),
      () => recorder.close(),
      async () => {
        await Promise.resolve(core.handlers.removeAccount(saved.id)).catch(() => undefined);
        await core.dispose();
      },
    );
    const draft: AccountDraft = {
      label: 'shop',
      kind: 'officialAccount',
      appId: APP_ID,
      environment: 'production',
      tokenMode: 'stable',
      autoRefresh: false,
      marginSeconds: null,
      apiBase: fake.url,
      notes: '',
    };
    const added = await core.handlers.addAccount(draft, SECRET);
    if (!added.ok) throw new Error(JSON.stringify(added.problems));
    const saved = added.account;
    return { core, fake, recorder, draft, accountId: saved.id };
  }

  it('sends the stored secret to the account’s own base URL', async () => {
    const { core, fake, draft, accountId } = await setup();
    const exchange = await core.handlers.testCredentials(draft, undefined, accountId);
    expect(exchange.outcome.kind).toBe('ok');
    expect(fake.calls('stable-token', APP_ID)).toBe(1);
  });

  it('refuses to aim the stored secret at another base URL, and sends nothing there', async () => {
    const { core, recorder, draft, accountId } = await setup();
    await expect(
      core.handlers.testCredentials({ ...draft, apiBase: recorder.url }, undefined, accountId),
    ).rejects.toThrow(/type the AppSecret again/);
    await expect(core.handlers.testCredentials({ ...draft, apiBase: null }, '', accountId)).rejects.toThrow(
      /type the AppSecret again/,
    );
    // Another family means another host (qyapi) even with no base URL of its own.
    await expect(
      core.handlers.testCredentials({ ...draft, kind: 'wecom', tokenMode: 'wecom' }, undefined, accountId),
    ).rejects.toThrow(/type the AppSecret again/);
    expect(recorder.received).toEqual([]);
  });

  it('lets a typed secret go to the changed base URL', async () => {
    const { core, recorder, draft, accountId } = await setup();
    const typed = 'feedface'.repeat(4);
    await core.handlers.testCredentials({ ...draft, apiBase: recorder.url }, typed, accountId);
    expect(recorder.received).toHaveLength(1);
    expect(recorder.received[0]).toContain(typed);
    expect(recorder.received[0]).not.toContain(SECRET);
  });

  it('refuses a plain-http base URL off this machine before anything is sent', async () => {
    const { core, draft } = await setup();
    await expect(
      core.handlers.testCredentials({ ...draft, apiBase: 'http://10.0.0.5:8080' }, SECRET, undefined),
    ).rejects.toThrow(/Use https:\/\//);
  });
});
