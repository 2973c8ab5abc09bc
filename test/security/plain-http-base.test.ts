import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WeChatClient } from '../../electron/core/wechat/client';
import { assertCliBuilt, cliEnvironment, runCli } from '../cli/cli-harness';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { useTempDirs } from '../support/temp-dir';

const SECRET = 'c0ffee22c0ffee22c0ffee22c0ffee22';
const APP_ID = 'wx00112233445566cc';
/** TEST-NET-1 (RFC 5737): off this machine, and nothing answers there. */
const OFF_MACHINE = 'http://192.0.2.1:8080';

/**
 * Validation refuses a plain-http base URL off this machine; the client refuses again before sending, for what
 * validation never saw: an account saved while TokenDesk only warned, or a TOKENDESK_API_BASE override.
 */
describe('a credential over plain http off this machine', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('is never sent by the client; loopback http and https are', async () => {
    const sent: string[] = [];
    const client = new WeChatClient({
      fetch: (input, init) => {
        sent.push(String(input));
        return fetch(input, init);
      },
    });
    for (const exchange of [
      await client.stableToken({ appId: APP_ID, secret: SECRET, apiBase: OFF_MACHINE }),
      await client.classicToken({ appId: APP_ID, secret: SECRET, apiBase: 'http://proxy.example' }),
      await client.checkToken({ accessToken: 'TOKEN', apiBase: OFF_MACHINE }),
    ]) {
      expect(exchange.outcome).toMatchObject({ kind: 'network-error', message: expect.stringMatching(/^Not sent: /) });
    }
    expect(sent).toEqual([]);

    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    const loopback = await client.stableToken({ appId: APP_ID, secret: SECRET, apiBase: fake.url });
    expect(loopback.outcome.kind).toBe('ok');
    expect(sent).toHaveLength(1);
  });

  it('is refused by the CLI under a TOKENDESK_API_BASE override, with what to do', async () => {
    const env = cliEnvironment(tempDir(), OFF_MACHINE);
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
    expect((await runCli(add, env, SECRET)).code).toBe(0);
    try {
      const refused = await runCli(['token', 'shop'], env);
      expect(refused.code).toBe(5);
      expect(refused.stderr).toContain('Use an https:// base URL');
      // Nothing a retry could fix: paused for a person, not retried.
      expect(refused.stderr).toContain('Auto-refresh is paused');
      expect(refused.stderr).not.toContain(SECRET);
    } finally {
      await runCli(['accounts', 'remove', 'shop'], env);
    }
  });
});
