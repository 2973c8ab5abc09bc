import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TEMPLATE_ID, fakeOpenIds } from '../fake-wechat/business-routes';
import { startFakeWeChat, type FakeWeChat } from '../fake-wechat/server';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli, startServe } from './cli-harness';

const SECRET = 'c0ffee11c0ffee11c0ffee11c0ffee11';
const OA = 'wx00112233445566c1';
const MINI = 'wx00112233445566c2';
const CORP = 'ww00112233445566c3';
const CORP_SECRET = 'corp-secret-0123456789abcdef0123456789abcd';

describe('tokendesk call, ip, ticket, sign', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  const stops: (() => Promise<unknown>)[] = [];
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    await fake?.close();
  });

  /** The fake with three accounts; TokenDesk gets those named (each `accounts add` is a process: only what's needed). */
  async function setup(labels: readonly ('shop' | 'mini' | 'corp')[] = ['shop']) {
    fake = await startFakeWeChat({
      accounts: [
        { appId: OA, secret: SECRET },
        { appId: MINI, secret: SECRET, kind: 'miniProgram' },
        { appId: CORP, secret: CORP_SECRET, kind: 'wecom' },
      ],
    });
    const dir = tempDir();
    const env = cliEnvironment(dir, fake.url);
    for (const [label, kind, appId, secret] of [
      ['shop', 'officialAccount', OA, SECRET],
      ['mini', 'miniProgram', MINI, SECRET],
      ['corp', 'wecom', CORP, CORP_SECRET],
    ] as const) {
      if (!labels.includes(label)) continue;
      const add = await runCli(
        ['accounts', 'add', '--label', label, '--kind', kind, '--app-id', appId, '--env', 'test'],
        env,
        secret,
      );
      expect(add.code, add.stderr).toBe(0);
    }
    return { env, fake, dir };
  }

  it('call: the body on stdout; query and a JSON body from a file; exit 4 with the errcode explained', async () => {
    const { env, dir } = await setup();
    const menu = await runCli(['call', 'shop', 'GET', '/cgi-bin/menu/get'], env);
    expect(menu.code, menu.stderr).toBe(0);
    expect(JSON.parse(menu.stdout)).toMatchObject({ menu: { button: [{ name: 'TokenDesk' }] } });

    const openIds = fakeOpenIds(OA);
    const page = await runCli(['call', 'shop', 'get', 'cgi-bin/user/get', '--query', `next_openid=${openIds[1]}`], env);
    expect(JSON.parse(page.stdout)).toMatchObject({ count: 1, data: { openid: [openIds[2]] } });

    const bodyFile = path.join(dir, 'message.json');
    fs.writeFileSync(bodyFile, JSON.stringify({ touser: 'oNobody', template_id: FAKE_TEMPLATE_ID, data: {} }));
    const refused = await runCli(
      ['call', 'shop', 'POST', '/cgi-bin/message/template/send', '--data', `@${bodyFile}`],
      env,
    );
    expect(refused.code).toBe(4);
    expect(JSON.parse(refused.stdout)).toMatchObject({ errcode: 40003 });
    expect(refused.stderr).toMatch(/WeChat refused: 40003 invalid openid rid: /);

    const sent = await runCli(
      [
        'call',
        'shop',
        'POST',
        '/cgi-bin/message/template/send',
        '--data',
        JSON.stringify({ touser: openIds[0], template_id: FAKE_TEMPLATE_ID }),
        '--json',
      ],
      env,
    );
    expect(sent.code, sent.stderr).toBe(0);
    const shown = JSON.parse(sent.stdout);
    expect(shown).toMatchObject({ status: 200, body: { errcode: 0, msgid: 200228332 }, retried: false });
    expect(shown.request.url).toMatch(/\/cgi-bin\/message\/template\/send\?access_token=\*\*\*$/);
    const token = (await runCli(['token', 'shop'], env)).stdout.trim();
    expect(sent.stdout).not.toContain(token);
  });

  it('call: a 40001 renews the token passively and retries once', async () => {
    const { env, fake } = await setup();
    const before = (await runCli(['token', 'shop'], env)).stdout.trim();
    await fetch(`${fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: OA, secret: SECRET, force_refresh: true }),
    });
    const menu = await runCli(['call', 'shop', 'GET', '/cgi-bin/menu/get'], env);
    expect(menu.code, menu.stderr).toBe(0);
    expect(menu.stderr).toContain('renewed it (passive refresh) and retried once');
    expect(fake.calls('menu-get', OA)).toBe(2);
    expect((await runCli(['token', 'shop'], env)).stdout.trim()).not.toBe(before);
  });

  it('call: an image goes to stdout as bytes; other hosts and bad input are refused before anything is sent', async () => {
    const { env, fake } = await setup(['shop', 'mini']);
    const code = await runCli(['call', 'mini', 'POST', '/wxa/getwxacodeunlimit', '--data', '{"scene":"id=42"}'], env);
    expect(code.code, code.stderr).toBe(0);
    expect(code.stdout.slice(1, 4)).toBe('PNG');

    const foreign = await runCli(['call', 'shop', 'GET', 'https://example.com/cgi-bin/menu/get'], env);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('only to its API base');
    expect((await runCli(['call', 'shop', 'PUT', '/x'], env)).code).toBe(2);
    expect((await runCli(['call', 'shop', 'POST', '/x', '--data', '{oops'], env)).code).toBe(2);
    expect((await runCli(['call', 'shop', 'POST', '/x', '--data', '@/no/such/file'], env)).code).toBe(2);
    expect(fake.calls('menu-get')).toBe(0);
  });

  it('ip: the IP WeChat saw, IPv4-mapped unwrapped, and a note when it changed', async () => {
    const { env, fake } = await setup(['shop', 'corp']);
    fake.setClientIp('::ffff:203.0.113.7');
    const first = await runCli(['ip', 'shop'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('203.0.113.7\n');
    fake.setClientIp('198.51.100.2');
    const second = await runCli(['ip', 'shop', '--json'], env);
    expect(JSON.parse(second.stdout)).toMatchObject({
      ip: '198.51.100.2',
      via: 'rid-lookup',
      changed_from: '203.0.113.7',
    });
    const wecom = await runCli(['ip', 'corp'], env);
    expect(wecom.stdout).toBe('198.51.100.2\n');
  });

  it('ticket: jsapi by default, wx_card on request, WeCom’s agent ticket; a type of the other family is refused', async () => {
    const { env } = await setup(['shop', 'corp']);
    const ticket = await runCli(['ticket', 'shop'], env);
    expect(ticket.code, ticket.stderr).toBe(0);
    expect(ticket.stdout).toMatch(/^[A-Za-z0-9_-]{60,}\n$/);
    const card = await runCli(['ticket', 'shop', '--type', 'wx_card'], env);
    expect(card.stdout).not.toBe(ticket.stdout);
    expect((await runCli(['ticket', 'shop', '--type', 'wecom-agent'], env)).code).toBe(2);
    const agent = await runCli(['ticket', 'corp', '--type', 'wecom-agent', '--json'], env);
    expect(JSON.parse(agent.stdout)).toMatchObject({ type: 'wecom-agent', expires_in: expect.any(Number) });
  });

  it('sign: a signature over exactly the four inputs (URL without #…), or the wx.config snippet', async () => {
    const { env } = await setup();
    const ticket = await runCli(['ticket', 'shop'], env);

    const signed = await runCli(
      [
        'sign',
        'shop',
        '--url',
        'https://shop.example/p?x=1#frag',
        '--noncestr',
        'abc',
        '--timestamp',
        '1700000000',
        '--json',
      ],
      env,
    );
    expect(signed.code, signed.stderr).toBe(0);
    const jsapiTicket = ticket.stdout.trim();
    const expected = createHash('sha1')
      .update(`jsapi_ticket=${jsapiTicket}&noncestr=abc&timestamp=1700000000&url=https://shop.example/p?x=1`)
      .digest('hex');
    expect(JSON.parse(signed.stdout)).toEqual({
      jsapi_ticket: jsapiTicket,
      noncestr: 'abc',
      timestamp: 1700000000,
      url: 'https://shop.example/p?x=1',
      signature: expected,
    });
    const plain = await runCli(['sign', 'shop', '--url', 'https://shop.example/'], env);
    expect(plain.stdout).toMatch(/^[0-9a-f]{40}\n$/);
    expect(plain.stderr).toContain('wx.config({');
    expect((await runCli(['sign', 'shop'], env)).code).toBe(2);
  });

  it('while `serve` runs, call and ticket run in it: one ticket fetch for many commands', async () => {
    const { env, fake } = await setup();
    const serve = await startServe(['--port', '0'], env);
    stops.push(serve.stop);
    const runs = await Promise.all([runCli(['ticket', 'shop'], env), runCli(['ticket', 'shop'], env)]);
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    expect((await runCli(['sign', 'shop', '--url', 'https://a.example/'], env)).code).toBe(0);
    expect(fake.calls('ticket', OA)).toBe(1);
    expect((await runCli(['call', 'shop', 'GET', '/cgi-bin/menu/get'], env)).code).toBe(0);
  });
});
