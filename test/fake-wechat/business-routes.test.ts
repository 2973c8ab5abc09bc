// Pins the fake's JS-SDK ticket and business API semantics with plain fetch (not our client), like server.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_MINI_PROGRAM_PAGE, FAKE_TEMPLATE_ID, FAKE_WECOM_USER_ID, fakeOpenIds } from './business-routes';
import { WECOM_TICKETS_PER_APP_HOUR } from './jssdk-tickets';
import { CLIENT_IP_HEADER, startFakeWeChat, type FakeWeChat } from './server';

const OA = 'wx00000000000000a1';
const MINI = 'wx00000000000000a2';
const CORP = 'ww00000000000000c3';
const START = Date.UTC(2026, 10, 25, 2, 0, 0);
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

let clock: number;
let fake: FakeWeChat;
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeEach(async () => {
  clock = START;
  fake = await startFakeWeChat({
    now: () => clock,
    accounts: [
      { appId: OA, secret: 'oa-secret' },
      { appId: MINI, secret: 'mini-secret', kind: 'miniProgram' },
      { appId: CORP, secret: 'app-one', kind: 'wecom' },
      { appId: CORP, secret: 'app-two', kind: 'wecom' },
    ],
  });
});
afterEach(async () => {
  await fake.close();
});

async function get(path: string, headers: Record<string, string> = {}): Promise<Json> {
  return (await (await fetch(`${fake.url}${path}`, { headers })).json()) as Json;
}
function post(path: string, body: string): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}
async function postJson(path: string, body: unknown): Promise<Json> {
  return (await (await post(path, JSON.stringify(body))).json()) as Json;
}
async function token(appId: string, secret: string): Promise<string> {
  const answer = await postJson('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: appId,
    secret,
    force_refresh: false,
  });
  return answer.access_token as string;
}
async function wecomToken(secret = 'app-one'): Promise<string> {
  return (await get(`/cgi-bin/gettoken?corpid=${CORP}&corpsecret=${secret}`)).access_token as string;
}

describe('JS-SDK tickets', () => {
  it('getticket: jsapi and wx_card tickets, the same one while valid, a new one after expires_in', async () => {
    const oa = await token(OA, 'oa-secret');
    const jsapi = await get(`/cgi-bin/ticket/getticket?access_token=${oa}&type=jsapi`);
    expect(jsapi).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect(jsapi.ticket).toMatch(/^[A-Za-z0-9_-]{60,}$/);
    const card = await get(`/cgi-bin/ticket/getticket?access_token=${oa}&type=wx_card`);
    expect(card.ticket).not.toBe(jsapi.ticket);
    clock += 100_000;
    expect(await get(`/cgi-bin/ticket/getticket?access_token=${oa}&type=jsapi`)).toMatchObject({
      ticket: jsapi.ticket,
      expires_in: 7100,
    });
    clock = START + 7200_000;
    const renewed = await token(OA, 'oa-secret');
    expect((await get(`/cgi-bin/ticket/getticket?access_token=${renewed}&type=jsapi`)).ticket).not.toBe(jsapi.ticket);
    expect(fake.calls('ticket', OA)).toBe(4);
  });

  it('getticket refuses an unknown type (40097), a bad token (40001) and a WeCom token (48002)', async () => {
    const oa = await token(OA, 'oa-secret');
    expect(await get(`/cgi-bin/ticket/getticket?access_token=${oa}&type=card`)).toMatchObject({
      errcode: 40097,
      errmsg: expect.stringMatching(RID),
    });
    expect((await get('/cgi-bin/ticket/getticket?access_token=nope&type=jsapi')).errcode).toBe(40001);
    const wecom = await wecomToken();
    expect((await get(`/cgi-bin/ticket/getticket?access_token=${wecom}&type=jsapi`)).errcode).toBe(48002);
  });

  it('WeCom: a corp ticket shared by the corp’s apps, an agent ticket per app, 100 fetches an hour per app', async () => {
    const one = await wecomToken('app-one');
    const two = await wecomToken('app-two');
    const corpOne = await get(`/cgi-bin/get_jsapi_ticket?access_token=${one}`);
    expect(corpOne).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
    expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${two}`)).ticket).toBe(corpOne.ticket);
    const agentOne = await get(`/cgi-bin/ticket/get?access_token=${one}&type=agent_config`);
    const agentTwo = await get(`/cgi-bin/ticket/get?access_token=${two}&type=agent_config`);
    expect(agentOne.ticket).not.toBe(agentTwo.ticket);
    expect(agentOne.ticket).not.toBe(corpOne.ticket);
    expect(await get(`/cgi-bin/ticket/get?access_token=${one}`)).toMatchObject({
      errcode: 40058,
      errmsg: expect.stringContaining('from ip: '),
    });
    const oa = await token(OA, 'oa-secret');
    expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${oa}`)).errcode).toBe(48001);

    // app-one has made 2 counted fetches (the 40058 was refused before counting); fill its hour.
    for (let i = 2; i < WECOM_TICKETS_PER_APP_HOUR; i += 1)
      expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${one}`)).errcode).toBe(0);
    expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${one}`)).errcode).toBe(45009);
    expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${two}`)).errcode).toBe(0);
    clock += 60 * 60 * 1000;
    expect((await get(`/cgi-bin/get_jsapi_ticket?access_token=${one}`)).errcode).toBe(0);
  });
});

describe('business APIs', () => {
  it('user/get lists an Official Account’s followers, pages by next_openid, 40003 for an unknown one', async () => {
    const oa = await token(OA, 'oa-secret');
    const openIds = fakeOpenIds(OA);
    expect(await get(`/cgi-bin/user/get?access_token=${oa}`)).toEqual({
      total: 3,
      count: 3,
      data: { openid: openIds },
      next_openid: openIds[2],
    });
    expect(await get(`/cgi-bin/user/get?access_token=${oa}&next_openid=${openIds[1]}`)).toMatchObject({
      count: 1,
      data: { openid: [openIds[2]] },
    });
    expect((await get(`/cgi-bin/user/get?access_token=${oa}&next_openid=oUnknown`)).errcode).toBe(40003);
    const mini = await token(MINI, 'mini-secret');
    expect((await get(`/cgi-bin/user/get?access_token=${mini}`)).errcode).toBe(48001);
  });

  it('WeCom user/get: the member, 41009 without userid, 60111 for an unknown one, 60020 outside the trusted IPs', async () => {
    const wecom = await wecomToken();
    expect(await get(`/cgi-bin/user/get?access_token=${wecom}&userid=${FAKE_WECOM_USER_ID}`)).toMatchObject({
      errcode: 0,
      userid: FAKE_WECOM_USER_ID,
    });
    expect((await get(`/cgi-bin/user/get?access_token=${wecom}`)).errcode).toBe(41009);
    expect(await get(`/cgi-bin/user/get?access_token=${wecom}&userid=nobody`)).toMatchObject({
      errcode: 60111,
      errmsg: expect.stringMatching(/^userid not found, hint: \[\d+\], from ip: /),
    });
    fake.setWhitelist(CORP, ['198.51.100.7']);
    const refused = await get(`/cgi-bin/user/get?access_token=${wecom}&userid=${FAKE_WECOM_USER_ID}`, {
      [CLIENT_IP_HEADER]: '203.0.113.9',
    });
    expect(refused).toMatchObject({ errcode: 60020, errmsg: expect.stringContaining('from ip: 203.0.113.9') });
  });

  it('message/template/send: POST only, a follower and the template, else 40003 / 40037 / 44002 / 47001', async () => {
    const oa = await token(OA, 'oa-secret');
    const path = `/cgi-bin/message/template/send?access_token=${oa}`;
    const touser = fakeOpenIds(OA)[0];
    expect(await postJson(path, { touser, template_id: FAKE_TEMPLATE_ID, data: {} })).toEqual({
      errcode: 0,
      errmsg: 'ok',
      msgid: 200228332,
    });
    expect((await get(path)).errcode).toBe(43002);
    expect((await postJson(path, { touser: 'oSomeoneElse', template_id: FAKE_TEMPLATE_ID })).errcode).toBe(40003);
    expect(await postJson(path, { touser, template_id: 'nope' })).toMatchObject({
      errcode: 40037,
      errmsg: expect.stringMatching(/^invalid template_id rid: /),
    });
    expect(((await (await post(path, '')).json()) as Json).errcode).toBe(44002);
    expect(((await (await post(path, '{"touser":')).json()) as Json).errcode).toBe(47001);
  });

  it('wxa/getwxacodeunlimit: a PNG labelled image/jpeg for a Mini Program; 40169 / 41030 / 48001 as JSON', async () => {
    const mini = await token(MINI, 'mini-secret');
    const path = `/wxa/getwxacodeunlimit?access_token=${mini}`;
    const image = await post(path, JSON.stringify({ scene: 'a=1', page: FAKE_MINI_PROGRAM_PAGE }));
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const other = Buffer.from(await (await post(path, JSON.stringify({ scene: 'a=2' }))).arrayBuffer());
    expect(other.equals(bytes)).toBe(false);

    const error = await post(path, JSON.stringify({ scene: 'x'.repeat(33) }));
    expect(error.headers.get('content-type')).toBe('application/json; encoding=utf-8');
    expect(((await error.json()) as Json).errmsg).toMatch(/^invalid length for scene, or the data is not json string/);
    expect(((await (await post(path, 'scene=1')).json()) as Json).errcode).toBe(40169);
    expect((await postJson(path, { scene: 'a=1', page: 'pages/missing' })).errcode).toBe(41030);
    const unchecked = await post(path, JSON.stringify({ scene: 'a=1', page: 'pages/missing', check_path: false }));
    expect(unchecked.headers.get('content-type')).toBe('image/jpeg');
    const oa = await token(OA, 'oa-secret');
    expect((await postJson(`/wxa/getwxacodeunlimit?access_token=${oa}`, { scene: 'a=1' })).errcode).toBe(48001);
    expect(fake.calls('wxacode-get', MINI)).toBe(6);
  });

  it('errors of these APIs carry rids that rid/get explains, with the caller’s IP', async () => {
    const oa = await token(OA, 'oa-secret');
    const refused = await postJson(`/cgi-bin/message/template/send?access_token=${oa}`, { touser: 'x' });
    const rid = /rid: (\S+)$/.exec(refused.errmsg as string)![1];
    const lookup = await postJson(`/cgi-bin/openapi/rid/get?access_token=${oa}`, { rid });
    expect(lookup).toMatchObject({ errcode: 0, request: { client_ip: '127.0.0.1' } });
  });
});
