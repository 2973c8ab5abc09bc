import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exitCodeFor, ExitCode } from '../../electron/cli/exit-codes';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli } from './cli-harness';

const SECRET = 'c0ffee11c0ffee11c0ffee11c0ffee11';
const APP_ID = 'wx00112233445566cc';
const chinese = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ ...env, LANG: 'zh_CN.UTF-8' });

describe('the CLI in the shell’s language, with exit codes from error codes', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('prints its help in Chinese under LANG=zh_CN.UTF-8, in English otherwise', async () => {
    const env = cliEnvironment(tempDir(), 'http://127.0.0.1:9');
    const zh = await runCli(['--help'], chinese(env));
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法：tokendesk <命令>/);
    expect(zh.stdout).toContain('退出码');
    const en = await runCli(['--help'], env);
    expect(en.stdout).toMatch(/^Usage: tokendesk <command>/);
    const unknown = await runCli(['frobnicate'], chinese(env));
    expect(unknown.code).toBe(ExitCode.usage);
    expect(unknown.stderr).toMatch(/^未知命令“frobnicate”。/);
  });

  async function accountIn(env: NodeJS.ProcessEnv) {
    const add = await runCli(
      ['accounts', 'add', '--label', 'shop', '--kind', 'officialAccount', '--app-id', APP_ID, '--env', 'test'],
      env,
      SECRET,
    );
    expect(add.code).toBe(0);
  }

  // Text can't tell these apart: both messages quote an English system error that says "keychain" (the vault's own
  // words; a host name nobody resolves, `.invalid` by RFC 6761). The exit codes differ as the README promises because
  // they come from the catalogue codes.
  it('exits 6 when the keychain fails and 5 when WeChat is unreachable, whatever the language', async () => {
    fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
    const env = cliEnvironment(tempDir(), fake.url);
    await accountIn(env);
    const noKeychain = await runCli(['token', 'shop'], {
      ...chinese(env),
      DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/tokendesk-test-bus',
    });
    expect(noKeychain.code).toBe(ExitCode.keychain);
    expect(noKeychain.stdout).toBe('');
    expect(noKeychain.stderr).toMatch(/钥匙串/);

    const unreachable = cliEnvironment(tempDir(), 'https://keychain.invalid');
    await accountIn(unreachable);
    const offline = await runCli(['token', 'shop'], chinese(unreachable));
    expect(offline.code).toBe(ExitCode.network);
    expect(offline.stderr).toMatch(/网络错误.*keychain\.invalid/);
    expect(offline.stderr).not.toMatch(/Network error|Retrying/);
  }, 60_000);

  it('maps every refusal the engine can give to the exit code the README documents', () => {
    expect(exitCodeFor('keychain-unavailable')).toBe(6);
    expect(exitCodeFor('no-secret-stored')).toBe(6);
    expect(exitCodeFor('network-retrying')).toBe(5);
    expect(exitCodeFor('bad-response-retrying')).toBe(5);
    expect(exitCodeFor('wechat-paused')).toBe(4);
    expect(exitCodeFor('unknown-account')).toBe(3);
    expect(exitCodeFor('confirm-production-risk')).toBe(8);
    expect(exitCodeFor('confirm-force-refresh')).toBe(8);
    expect(exitCodeFor('locked')).toBe(9);
    expect(exitCodeFor('budget')).toBe(9);
    expect(exitCodeFor('refresher-gone')).toBe(7);
  });
});
