/**
 * How WeChat and WeCom word their answers, reproduced for the fake: rids, errmsg tails, token strings, and the
 * Beijing-time day/month boundaries quotas reset on. Shapes from real responses collected in
 * test/fixtures/wechat-errmsgs.json and /work/shared/notes/wechat-api.md.
 */
import { randomBytes, randomInt } from 'node:crypto';

/** `xxxxxxxx-xxxxxxxx-xxxxxxxx`: the first group is the Unix time in hex, the others are random. */
export function newRid(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

/** WeCom's `hint: [1730458186056773912722469]`: Unix seconds followed by 15 random digits. */
export function newWeComHint(nowMs: number): string {
  const digits = Array.from({ length: 15 }, () => randomInt(10)).join('');
  return `${Math.floor(nowMs / 1000)}${digits}`;
}

/** Real tokens are opaque, ~136+ characters, prefixed with a small number and `_` (e.g. `87_…`). */
export function newAccessToken(sequence: number): string {
  return `${sequence}_${randomBytes(102).toString('base64url')}`;
}

/**
 * The errmsg text WeChat sends for each code the fake produces (the rid is appended by the caller). 40243 and 8950x
 * are the Chinese texts of the getAccessToken / getStableAccessToken error tables: WeChat documents no English form.
 */
export const WECHAT_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40001:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40037: 'invalid template_id',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40169: 'invalid length for scene, or the data is not json string',
  40243: 'AppSecret已被冻结，请解冻后再次调用。',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41030: 'invalid page',
  42001: 'access_token expired',
  43002: 'require POST method',
  44002: 'empty post data',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  48001: 'api unauthorized',
  48006: 'forbid to clear quota because of reaching the limit',
  76001: 'rid not found',
  76002: 'rid is error',
  76003: 'could not query this rid,no permission',
  76021: 'cgi_path not found, please check',
  89501: '此IP正在等待管理员确认,请联系管理员',
  89503: '此次调用需要管理员确认，请耐心等候',
  89506: '该IP调用求请求已被公众号管理员拒绝，请24小时后再试，建议调用前与管理员沟通确认',
  89507: '该IP调用求请求已被公众号管理员拒绝，请1小时后再试，建议调用前与管理员沟通确认',
};

export const WECOM_ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  41001: 'access_token missing',
  41002: 'corpid missing',
  40058: 'invalid Parameter',
  41004: 'corpsecret missing',
  41009: 'missing userid',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  48002: 'api forbidden',
  60020: 'not allow to access from your ip',
  60111: 'userid not found',
};

/** `… rid: xxxxxxxx-xxxxxxxx-xxxxxxxx`, with 40164's `invalid ip A ipv6 ::ffff:A, not in whitelist` form. */
export function wechatErrmsg(errcode: number, rid: string, clientIp: string): string {
  if (errcode === 40164) return `invalid ip ${clientIp} ipv6 ${ipv6Form(clientIp)}, not in whitelist rid: ${rid}`;
  return `${WECHAT_ERRMSG[errcode] ?? 'system error'} rid: ${rid}`;
}

/** `<text>, hint: [<id>], from ip: <ip>, more info at https://open.work.weixin.qq.com/devtool/query?e=<code>`. */
export function wecomErrmsg(errcode: number, hint: string, clientIp: string): string {
  const text = WECOM_ERRMSG[errcode] ?? 'system busy';
  return `${text}, hint: [${hint}], from ip: ${clientIp}, more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
}

/** WeChat reports the IPv6 view of the caller: an IPv4 appears as `::ffff:a.b.c.d`. */
function ipv6Form(ip: string): string {
  return ip.includes(':') ? ip : `::ffff:${ip}`;
}

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

/** WeChat's daily quotas reset at midnight Beijing time (UTC+8). */
export function beijingDay(nowMs: number): string {
  return new Date(nowMs + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

export function beijingMonth(nowMs: number): string {
  return beijingDay(nowMs).slice(0, 7);
}

/** Whether `ip` matches a whitelist entry: an exact address or an IPv4 CIDR range. `::ffff:` forms are unwrapped. */
export function ipAllowed(ip: string, whitelist: readonly string[]): boolean {
  const address = unwrapMapped(ip);
  return whitelist.some((entry) => (entry.includes('/') ? inCidr(address, entry) : unwrapMapped(entry) === address));
}

function unwrapMapped(ip: string): string {
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
}

function inCidr(address: string, cidr: string): boolean {
  const [network, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const a = ipv4ToNumber(address);
  const n = ipv4ToNumber(network ?? '');
  if (a === undefined || n === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a & mask) >>> 0 === (n & mask) >>> 0;
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + part, 0);
}
