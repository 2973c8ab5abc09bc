/**
 * The fake's token-authenticated APIs beyond the token endpoints: JS-SDK tickets and a few business APIs developers
 * try in TokenDesk's API console, each with the errors WeChat gives for the commonest mistakes.
 *
 * Shapes and codes, with sources:
 * - getticket: `{"errcode":0,"errmsg":"ok","ticket":…,"expires_in":7200}`; WeCom get_jsapi_ticket / ticket/get
 *   (type=agent_config) the same (https://developer.work.weixin.qq.com/document/path/96909).
 * - user/get (OA): `{"total","count","data":{"openid":[…]},"next_openid"}`; WeCom user/get?userid=: the member,
 *   41009 without userid, 60111 unknown userid (https://developer.work.weixin.qq.com/document/path/90196).
 * - message/template/send: `{"errcode":0,"errmsg":"ok","msgid":…}`; 40003 invalid openid, 40037 invalid template_id.
 * - wxa/getwxacodeunlimit: the image itself (WeChat labels it `image/jpeg`), or JSON: 40169 scene missing or over 32
 *   characters, 41030 a page that does not exist (https://developers.weixin.qq.com/miniprogram/dev/server/API/
 *   qrcode-link/qr-code/api_getunlimitedqrcode.html).
 * An API of the other family (a Mini Program code with a WeCom token) is refused: 48001 api unauthorized (WeCom 48002).
 */
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import type { AccountState } from './fake-world';
import type { TicketBook, TicketKind } from './jssdk-tickets';

export type Family = 'wechat' | 'wecom';

/** What the server lends its business routes: its request context, authentication and answer helpers. */
export interface RouteKit<Ctx extends { url: URL; req: { method?: string }; json?: Record<string, unknown> }> {
  authenticate(ctx: Ctx): { account: AccountState; family: Family } | undefined;
  wechatError(ctx: Ctx, errcode: number): void;
  wecomError(ctx: Ctx, errcode: number): void;
  sendJson(ctx: Ctx, value: unknown): void;
  send(ctx: Ctx, status: number, body: string | Buffer, contentType: string): void;
  /** The request body was empty (44002) or not JSON (47001); undefined when it is a JSON object. */
  bodyProblem(ctx: Ctx): number | undefined;
  tickets: TicketBook;
}

/** The template id every fake Official Account has (WeChat's are 43 characters of base64url). */
export const FAKE_TEMPLATE_ID = 'tokendesk-fake-template-0000000000000000000';
/** The one page each fake Mini Program has. */
export const FAKE_MINI_PROGRAM_PAGE = 'pages/index/index';
/** The WeCom member every fake corp has. */
export const FAKE_WECOM_USER_ID = 'tokendesk';

/** Three followers per Official Account, derived from its AppID so they are stable across runs. */
export function fakeOpenIds(appId: string): string[] {
  return [1, 2, 3].map((n) => `o${createHash('sha256').update(`${appId}:${n}`).digest('base64url').slice(0, 27)}`);
}

export function businessRoutes<Ctx extends { url: URL; req: { method?: string }; json?: Record<string, unknown> }>(
  kit: RouteKit<Ctx>,
): Record<string, (ctx: Ctx) => void> {
  /** Authenticates and checks the API belongs to the token's family; undefined when an error was sent. */
  const authenticateFor = (ctx: Ctx, family: Family, kinds?: readonly AccountState['config']['kind'][]) => {
    const auth = kit.authenticate(ctx);
    if (!auth) return undefined;
    if (auth.family !== family || (kinds && !kinds.includes(auth.account.config.kind))) {
      if (auth.family === 'wecom') kit.wecomError(ctx, 48002);
      else kit.wechatError(ctx, 48001);
      return undefined;
    }
    return auth;
  };
  const sendTicket = (ctx: Ctx, owner: string, kind: TicketKind) => {
    const { ticket, expiresIn } = kit.tickets.issue(owner, kind);
    kit.sendJson(ctx, { errcode: 0, errmsg: 'ok', ticket, expires_in: expiresIn });
  };
  const weComTicket = (ctx: Ctx, kind: 'wecom-corp' | 'wecom-agent') => {
    const auth = authenticateFor(ctx, 'wecom');
    if (!auth) return;
    const { appId: corpId, secret } = auth.account.config;
    if (kind === 'wecom-agent' && ctx.url.searchParams.get('type') !== 'agent_config')
      return kit.wecomError(ctx, 40058);
    if (!kit.tickets.allowWeComFetch(corpId, secret)) return kit.wecomError(ctx, 45009);
    // The corp ticket is the corp's; the agent ticket belongs to the app whose token asked.
    sendTicket(ctx, kind === 'wecom-corp' ? corpId : `${corpId} ${secret}`, kind);
  };

  return {
    '/cgi-bin/ticket/getticket': (ctx) => {
      const auth = authenticateFor(ctx, 'wechat');
      if (!auth) return;
      const type = ctx.url.searchParams.get('type');
      if (type !== 'jsapi' && type !== 'wx_card') return kit.wechatError(ctx, 40097);
      sendTicket(ctx, auth.account.config.appId, type);
    },

    '/cgi-bin/get_jsapi_ticket': (ctx) => weComTicket(ctx, 'wecom-corp'),

    '/cgi-bin/ticket/get': (ctx) => weComTicket(ctx, 'wecom-agent'),

    // One path, two APIs: Official Account followers, or (with a WeCom token) one WeCom member.
    '/cgi-bin/user/get': (ctx) => {
      const auth = kit.authenticate(ctx);
      if (!auth) return;
      if (auth.family === 'wecom') {
        const userId = ctx.url.searchParams.get('userid');
        if (!userId) return kit.wecomError(ctx, 41009);
        if (userId !== FAKE_WECOM_USER_ID) return kit.wecomError(ctx, 60111);
        return kit.sendJson(ctx, {
          errcode: 0,
          errmsg: 'ok',
          userid: FAKE_WECOM_USER_ID,
          name: 'TokenDesk',
          department: [1],
          status: 1,
        });
      }
      if (auth.account.config.kind === 'miniProgram') return kit.wechatError(ctx, 48001);
      const openIds = fakeOpenIds(auth.account.config.appId);
      const next = ctx.url.searchParams.get('next_openid');
      if (next && !openIds.includes(next)) return kit.wechatError(ctx, 40003);
      const page = next ? openIds.slice(openIds.indexOf(next) + 1) : openIds;
      kit.sendJson(ctx, {
        total: openIds.length,
        count: page.length,
        data: { openid: page },
        next_openid: page.at(-1) ?? '',
      });
    },

    '/cgi-bin/message/template/send': (ctx) => {
      if (ctx.req.method !== 'POST') return kit.wechatError(ctx, 43002);
      const auth = authenticateFor(ctx, 'wechat', ['officialAccount', 'testAccount']);
      if (!auth) return;
      const problem = kit.bodyProblem(ctx);
      if (problem !== undefined) return kit.wechatError(ctx, problem);
      const { touser, template_id: templateId } = ctx.json ?? {};
      if (typeof touser !== 'string' || !fakeOpenIds(auth.account.config.appId).includes(touser))
        return kit.wechatError(ctx, 40003);
      if (templateId !== FAKE_TEMPLATE_ID) return kit.wechatError(ctx, 40037);
      kit.sendJson(ctx, { errcode: 0, errmsg: 'ok', msgid: 200228332 });
    },

    '/wxa/getwxacodeunlimit': (ctx) => {
      if (ctx.req.method !== 'POST') return kit.wechatError(ctx, 43002);
      const auth = authenticateFor(ctx, 'wechat', ['miniProgram']);
      if (!auth) return;
      const problem = kit.bodyProblem(ctx);
      // WeChat answers a body that is not JSON with 40169 too ("… or the data is not json string").
      if (problem !== undefined) return kit.wechatError(ctx, problem === 47001 ? 40169 : problem);
      const { scene, page, check_path: checkPath } = ctx.json ?? {};
      if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) return kit.wechatError(ctx, 40169);
      if (page !== undefined && checkPath !== false && page !== FAKE_MINI_PROGRAM_PAGE)
        return kit.wechatError(ctx, 41030);
      kit.send(ctx, 200, fakeCodeImage(scene), 'image/jpeg');
    },
  };
}

/**
 * A small real PNG (21 × 21 grey modules, scaled 4×) whose pattern depends on the scene, so different scenes give
 * different images. WeChat sends its codes labelled `image/jpeg`; a client must go by the content type, not the bytes.
 */
export function fakeCodeImage(scene: string): Buffer {
  const modules = 21;
  const scale = 4;
  const size = modules * scale;
  const bits = createHash('sha256').update(scene).digest();
  const dark = (x: number, y: number) => ((bits[(y * modules + x) % bits.length]! >> (x % 8)) & 1) === 1;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(size + 1); // filter byte 0, then one grey byte per pixel
    for (let x = 0; x < size; x += 1) row[x + 1] = dark(Math.floor(x / scale), Math.floor(y / scale)) ? 0x20 : 0xff;
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
