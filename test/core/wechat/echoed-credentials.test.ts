import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WeChatClient } from '../../../electron/core/wechat/client';
import type { Exchange } from '../../../electron/core/wechat/types';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';

const SECRET = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const WECOM_SECRET = 'CANARY-CorpSecret-9a8b7c6d-echoed-back-0000000';
const OA = 'wx00000000000000a1';
const CORP = 'ww00000000000000c3';

let fake: FakeWeChat;
let client: WeChatClient;

beforeEach(async () => {
  fake = await startFakeWeChat({
    accounts: [
      { appId: OA, secret: SECRET },
      { appId: CORP, secret: WECOM_SECRET, kind: 'wecom' },
    ],
  });
  client = new WeChatClient({ apiBase: fake.url, wecomApiBase: fake.url });
});
afterEach(() => fake.close());

/** Every text the exchange keeps, with its JSON decoded (so a `\u00..`-escaped echo counts as the secret it spells). */
function everything(exchange: Exchange): string {
  const decodedBody = exchange.bodyText ? JSON.stringify(JSON.parse(exchange.bodyText)) : '';
  return `${JSON.stringify(exchange)}\n${decodedBody}`;
}

describe('an upstream that echoes the credentials it received', () => {
  it.each([
    ['stable_token (secret in the JSON body)', () => client.stableToken({ appId: OA, secret: SECRET }), SECRET],
    ['classic token (secret in the query)', () => client.classicToken({ appId: OA, secret: SECRET }), SECRET],
    ['clear_quota/v2 (appsecret in the query)', () => client.clearQuotaV2({ appId: OA, secret: SECRET }), SECRET],
    ['WeCom gettoken (corpsecret)', () => client.wecomToken({ corpId: CORP, secret: WECOM_SECRET }), WECOM_SECRET],
  ])('%s: the secret is scrubbed from errmsg, msg, nested fields, keys and escapes', async (_name, call, secret) => {
    fake.fail({ kind: 'echo-credentials', errcode: 40125 });
    const exchange = await call();
    expect(exchange.outcome).toMatchObject({ kind: 'wechat-error', errcode: 40125 });
    expect(everything(exchange)).not.toContain(secret);
    // Scrubbed, not dropped: the person still sees that something was echoed, and where.
    expect(exchange.outcome.kind === 'wechat-error' && exchange.outcome.errmsg).toMatch(
      /^invalid credential \*\*\* rid: /,
    );
    expect(exchange.json).toMatchObject({ msg: 'you sent ***', escaped: ['***'], detail: { '***': 'as a key' } });
  });

  it('a success that also echoes the secret keeps its token and loses the secret', async () => {
    fake.fail({ kind: 'echo-credentials' });
    const exchange = await client.stableToken({ appId: OA, secret: SECRET });
    expect(exchange.outcome.kind).toBe('ok');
    expect(exchange.result?.accessToken).toMatch(/^ECHO_TOKEN_/);
    expect(everything(exchange)).not.toContain(SECRET);
  });

  it('a token-using call never keeps the token it sent, wherever the answer repeats it', async () => {
    const token = (await client.stableToken({ appId: OA, secret: SECRET })).result!.accessToken;
    for (const call of [
      () => client.checkToken({ accessToken: token }),
      () => client.getQuota({ accessToken: token }),
      () => client.lookupRid({ accessToken: token, rid: '00000000-00000000-00000000' }),
    ]) {
      fake.fail({ kind: 'echo-credentials', errcode: 40001 });
      const exchange = await call();
      expect(exchange.outcome).toMatchObject({ kind: 'wechat-error', errcode: 40001 });
      expect(everything(exchange)).not.toContain(token);
    }
  });
});
