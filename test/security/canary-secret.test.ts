import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../electron/core/contract/preview-protocol';
import type { AccountView } from '../../electron/core/contract/views';
import { openNodeStore } from '../../electron/core/store/node-store';
import { TokenDeskCore } from '../../electron/core/tokendesk-core';
import { KeytarVault } from '../../electron/core/vault/keytar-vault';
import { startPreviewServer } from '../../electron/preview/preview-server';
import { assertCliBuilt, cliEnvironment, runCli, type CliResult } from '../cli/cli-harness';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { useTempDirs } from '../support/temp-dir';

/**
 * The canary AppSecret may exist in two places only: the keychain, and the one request that fetches a token. These
 * tests look for it everywhere else TokenDesk writes — every file in the data dir (history included), the CLI's
 * stdout and stderr, the export (postman-env), every WebSocket message the preview sends its page — in normal use
 * and with an upstream that echoes credentials back (errmsg, msg, nested fields, keys, JSON escapes).
 */
const CANARY = 'ca7a5ecca7a5ecca7a5ecca7a5ecca7a';
const APP_ID = 'wx5ec0000000000001';
const rendererDir = path.resolve(import.meta.dirname, '..', '..', 'renderer'); // any folder with an index.html

/** True when `text` holds the canary as is, or spelled with JSON escapes (decoded when the text is JSON). */
function holdsCanary(text: string): boolean {
  if (text.includes(CANARY) || text.includes(encodeURIComponent(CANARY))) return true;
  try {
    return JSON.stringify(JSON.parse(text)).includes(CANARY);
  } catch {
    return false;
  }
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('the canary AppSecret', () => {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<unknown>)[] = [];
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup() {
    const fake: FakeWeChat = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: CANARY }] });
    const keychain = uniqueKeychainNamespace('canary');
    cleanups.push(keychain.cleanUp, () => fake.close());
    const dataDir = tempDir();
    const env = { ...cliEnvironment(dataDir, fake.url), TOKENDESK_KEYCHAIN_SERVICE: keychain.prefix };
    const outputs: CliResult[] = [];
    const cli = async (args: string[], input?: string) => {
      const result = await runCli(args, env, input);
      outputs.push(result);
      return result;
    };
    const add = [
      'accounts',
      'add',
      '--label',
      'shop',
      '--kind',
      'officialAccount',
      '--app-id',
      APP_ID,
      '--env',
      'test',
    ];
    expect((await cli(add, `${CANARY}\n`)).code).toBe(0);
    return { fake, dataDir, keychain, cli, outputs };
  }

  function expectNowhere(dataDir: string, outputs: CliResult[]) {
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(holdsCanary(fs.readFileSync(file, 'utf8')), file).toBe(false);
    for (const { stdout, stderr } of outputs) {
      expect(holdsCanary(stdout), stdout).toBe(false);
      expect(holdsCanary(stderr), stderr).toBe(false);
    }
  }

  it('is in the keychain and sent once; nowhere in files, history, CLI output or the export in normal use', async () => {
    const { fake, dataDir, keychain, cli, outputs } = await setup();
    for (const args of [
      ['accounts', 'list'],
      ['accounts', 'list', '--json'],
      ['token', 'shop'],
      ['token', 'shop', '--json'],
      ['check', 'shop'],
      ['quota', 'shop'],
      ['postman-env', 'shop'],
    ]) {
      expect((await cli(args)).code, args.join(' ')).toBe(0);
    }
    expect(fake.calls('stable-token', APP_ID) + fake.calls('classic-token', APP_ID)).toBe(1);
    const { store } = openNodeStore(dataDir);
    const [account] = store.get('accounts') as { id: string }[];
    await expect(new KeytarVault(keychain.prefix).getSecret(account!.id)).resolves.toBe(CANARY);
    expect(filesUnder(dataDir).some((file) => file.includes(`${path.sep}history${path.sep}`))).toBe(true);
    expectNowhere(dataDir, outputs);
    // The token is the keychain's too: the history keeps it redacted.
    const token = outputs.find((output) => /^\S+\n$/.test(output.stdout))!.stdout.trim();
    for (const file of filesUnder(dataDir)) expect(fs.readFileSync(file, 'utf8'), file).not.toContain(token);
  });

  it('stays out of files, history and CLI output when the upstream echoes it back', async () => {
    const { fake, dataDir, cli, outputs } = await setup();
    fake.fail({ kind: 'echo-credentials', errcode: 40125 });
    const refused = await cli(['token', 'shop']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('invalid credential *** rid:');
    // An echo inside an answer that otherwise looks like a success: the token is kept, the secret is not.
    fake.fail({ kind: 'echo-credentials' });
    const echoed = await cli(['token', 'shop', '--json']);
    expect(echoed.code).toBe(0);
    expect(echoed.stdout).toContain('ECHO_TOKEN_');
    expectNowhere(dataDir, outputs);
  });

  it('never reaches a terminal with an upstream’s escape sequences', async () => {
    const { fake, cli } = await setup();
    fake.fail({
      kind: 'errcode',
      errcode: 40125,
      errmsg: '\u001b]0;owned\u0007invalid \u001b[31mappsecret\u001b[0m\r\u001b[2K rid: 00000000-00000000-00000000',
    });
    const refused = await cli(['token', 'shop']);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('invalid appsecret rid: 00000000-00000000-00000000');
    // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
    expect(refused.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('is in no WebSocket message the preview sends its page, in normal and adversarial runs', async () => {
    const { fake, dataDir, keychain } = await setup();
    const { store } = openNodeStore(dataDir);
    const core = new TokenDeskCore({
      store,
      dataDir,
      vault: new KeytarVault(keychain.prefix),
      apiBase: fake.url,
      appInfo: {
        name: 'TokenDesk',
        version: '0.0.0-test',
        runtime: 'preview',
        platform: process.platform,
        dataDir,
        locale: 'en-US',
      },
    });
    await core.start();
    const preview = await startPreviewServer({ core, rendererDir, key: 'k'.repeat(43) });
    cleanups.push(
      () => core.dispose(),
      () => preview.close(),
    );

    const messages: string[] = [];
    const socket = new WebSocket(`ws://127.0.0.1:${preview.port}/ws?key=${'k'.repeat(43)}`, {
      headers: { Origin: `http://127.0.0.1:${preview.port}` },
    });
    const results = new Map<number, (message: ServerMessage) => void>();
    socket.on('message', (data) => {
      const text = data.toString();
      messages.push(text);
      const message = JSON.parse(text) as ServerMessage;
      if (message.type === 'result') results.get(message.id)?.(message);
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    cleanups.push(async () => socket.close());
    let nextId = 0;
    const call = (channel: string, args: unknown[]) =>
      new Promise<ServerMessage>((resolve) => {
        const id = nextId++;
        results.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, args }));
      });

    const listed = await call('accounts:list', []);
    const account = (listed as { envelope: { value: AccountView[] } }).envelope.value[0]!;
    const {
      id,
      token: _token,
      state: _state,
      secretSet: _secretSet,
      lastExchange: _l,
      lastFailure: _f,
      ...rest
    } = account as AccountView & Record<string, unknown>;
    const draft = {
      label: rest.label,
      kind: rest.kind,
      appId: rest.appId,
      environment: rest.environment,
      tokenMode: rest.tokenMode,
      autoRefresh: rest.autoRefresh,
      marginSeconds: rest.marginSeconds,
      apiBase: rest.apiBase,
      notes: rest.notes,
    };

    // Normal use.
    await call('token:get', [id]);
    await call('token:check', [id]);
    await call('quota:get', [id, true]);
    await call('accounts:test-credentials', [draft, undefined, id]);
    // Adversarial: every upstream answer echoes what it got, on refreshes and on credential tests alike.
    fake.fail({ kind: 'echo-credentials', errcode: 40125 }, { times: 'always' });
    await call('token:force-refresh', [id, { confirmProductionRisk: true }]);
    await call('accounts:test-credentials', [draft, undefined, id]);
    await call('accounts:test-credentials', [{ ...draft, apiBase: 'http://127.0.0.2:1' }, undefined, id]);
    await call('history:list', [id, { errorsOnly: false, query: '' }]);
    await call('accounts:list', []);
    await core.services.history.flush();

    expect(messages.some((message) => message.includes('invalid credential *** rid:'))).toBe(true);
    for (const message of messages) expect(holdsCanary(message), message).toBe(false);
    expectNowhere(dataDir, []);
  });
});
