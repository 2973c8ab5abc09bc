import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT, parseCliArgs } from './cli-args';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(projectRoot, 'node_modules', '.bin', 'tsx');
const running: ChildProcessWithoutNullStreams[] = [];

function launch(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(tsx, ['test/fake-wechat/cli.ts', ...args], { cwd: projectRoot });
  running.push(child);
  return child;
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a URL`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm run fake-wechat (cli.ts)', () => {
  it('prints its URL, serves tokens for the accounts given, and stops on Ctrl-C', async () => {
    const child = launch([
      '--account',
      'wx00000000000000a1:cli-secret',
      '--account',
      'ww00000000000000c3:corp-secret:wecom',
    ]);
    const done = exited(child);
    const url = await firstLine(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const token = (await (
      await fetch(`${url}/cgi-bin/token?grant_type=client_credential&appid=wx00000000000000a1&secret=cli-secret`)
    ).json()) as Record<string, unknown>;
    expect(token).toMatchObject({ expires_in: 7200, access_token: expect.any(String) });
    const wecom = (await (
      await fetch(`${url}/cgi-bin/gettoken?corpid=ww00000000000000c3&corpsecret=corp-secret`)
    ).json()) as Record<string, unknown>;
    expect(wecom).toMatchObject({ errcode: 0, errmsg: 'ok' });

    child.kill('SIGINT');
    expect((await done).code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 20_000);

  it('refuses bad arguments with a clear message and exit code 2', async () => {
    const child = launch(['--account', 'wx1:secret:robot']);
    const { code, stderr } = await exited(child);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown account kind "robot"');
    expect(stderr).toContain('Usage: npm run fake-wechat');
  }, 20_000);
});

describe('parseCliArgs', () => {
  it('reads port, accounts with kinds, whitelists, client IP and expires-in', () => {
    expect(
      parseCliArgs([
        '--port',
        '8080',
        '--account',
        'wx1:s1',
        '--account',
        'wx2:s2:testAccount',
        '--whitelist',
        'wx2=1.2.3.4,10.0.0.0/8',
        '--client-ip',
        '203.0.113.9',
        '--expires-in',
        '120',
      ]),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      expiresIn: 120,
      clientIp: '203.0.113.9',
      accounts: [
        { appId: 'wx1', secret: 's1', kind: 'officialAccount' },
        { appId: 'wx2', secret: 's2', kind: 'testAccount', ipWhitelist: ['1.2.3.4', '10.0.0.0/8'] },
      ],
    });
  });

  it('defaults to port 0 and a demo account', () => {
    expect(parseCliArgs([])).toMatchObject({ port: 0, accounts: [DEMO_ACCOUNT] });
  });

  it.each([
    [['--port', 'eighty'], '--port must be an integer from 0 to 65535, got "eighty"'],
    [['--port', '70000'], '--port must be an integer'],
    [['--account', 'wx1'], '--account must look like APPID:SECRET[:kind], got "wx1"'],
    [['--account', 'wx1:s:wecom:extra'], '--account must look like'],
    [['--account', 'wx1:s', '--whitelist', 'wx9=1.2.3.4'], '--whitelist must look like APPID=IP'],
    [['--expires-in', '0'], '--expires-in must be an integer from 1'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('%j → %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
