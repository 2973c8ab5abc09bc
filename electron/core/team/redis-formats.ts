import type { AccountKind } from '../wechat/types';

/**
 * How the server SDKs a team already runs keep an access_token in Redis, read (and, for publishing, written) exactly as
 * each SDK does. Every rule below comes from the SDK's own source; the file is named next to each rule. Pure: no Redis
 * connection here (see redis-token-store.ts), so every format is testable byte for byte.
 */

export const REDIS_FORMATS = ['wxjava', 'senparc', 'easywechat', 'wechatpy', 'silenceper', 'custom'] as const;
export type RedisFormat = (typeof REDIS_FORMATS)[number];

/** Formats the desk can publish into: the ones whose value holds nothing but the token (no AppSecret to invent). */
export const PUBLISHABLE_FORMATS = ['wxjava', 'wechatpy', 'silenceper', 'easywechat', 'custom'] as const;

export const FORMAT_NAMES: Record<RedisFormat, string> = {
  wxjava: 'WxJava',
  senparc: 'Senparc',
  easywechat: 'EasyWeChat',
  wechatpy: 'wechatpy',
  silenceper: 'silenceper/wechat',
  custom: 'Custom',
};

/** Where and how one account's token sits in Redis. */
export interface RedisTokenLocation {
  format: RedisFormat;
  kind: AccountKind;
  /** The AppID (CorpID for WeCom). */
  appId: string;
  /** The SDK's key prefix / namespace; null takes the SDK's default. */
  keyPrefix?: string | null;
  /** WxJava WeCom: the agentId that WxCpRedisConfigImpl appends to the CorpID. */
  agentId?: string | null;
  /**
   * `custom`: the key, with `{appid}` where the AppID goes. `easywechat`: a glob (`*` allowed) for the key, whose
   * default ends in `*` because EasyWeChat 6 puts the AppSecret in the key and the desk must not need it.
   */
  keyTemplate?: string | null;
  /** `custom`: a dotted JSON path (`data.access_token`) to the token inside a JSON value; null = the value is the token. */
  valueField?: string | null;
}

export interface TokenKeys {
  /** The token's key, or a SCAN pattern where the SDK's key holds something the desk must not need. */
  token: { key: string } | { pattern: string };
  /** wechatpy-style companion key with the expiry as epoch seconds, when the writer keeps one. */
  expiresAtKey?: string;
  /** The SDK's own refresh lock, when it has a distributed one (publishing writes under it). */
  lockKey?: string;
}

/** A token read from a value, with the expiry the value itself states (null when only the key's TTL tells it). */
export interface DecodedToken {
  accessToken: string;
  statedExpiresAt: number | null;
}

/** A value that is not what the chosen format writes. `sample` is safe to show: credentials are masked. */
export class UnexpectedValueError extends Error {
  override readonly name = 'UnexpectedValueError';
  constructor(
    readonly format: RedisFormat,
    readonly reason: string,
    readonly sample: string,
  ) {
    super(`The value is not in ${FORMAT_NAMES[format]}'s format: ${reason}. Found: ${sample}`);
  }
}

const WXJAVA_DEFAULT_PREFIX: Record<AccountKind, string> = {
  officialAccount: 'wx',
  testAccount: 'wx',
  miniProgram: 'wa',
  wecom: 'wx:cp',
};
const SILENCEPER_PREFIX: Record<AccountKind, string> = {
  // credential/default_access_token.go: CacheKeyOfficialAccountPrefix, CacheKeyMiniProgramPrefix, CacheKeyWorkPrefix.
  officialAccount: 'gowechat_officialaccount_',
  testAccount: 'gowechat_officialaccount_',
  miniProgram: 'gowechat_miniprogram_',
  wecom: 'gowechat_work_',
};

/**
 * Seconds an SDK takes off expires_in before it stores the token, so the TTL it sets ends that long before WeChat
 * stops accepting the token. Added back to show the real end of the token's life.
 */
function ttlMarginSeconds(location: RedisTokenLocation): number {
  switch (location.format) {
    // weixin-java-miniapp WxMaRedisBetterConfigImpl.updateAccessToken: expiresInSeconds - 200 (mp and cp store it whole).
    case 'wxjava':
      return location.kind === 'miniProgram' ? 200 : 0;
    // credential/default_access_token.go: ExpiresIn - 1500 (DefaultAccessToken and WorkAccessToken).
    case 'silenceper':
      return 1500;
    default:
      return 0;
  }
}

export function keysFor(location: RedisTokenLocation): TokenKeys {
  const { appId, kind } = location;
  const prefix = location.keyPrefix?.trim() || null;
  switch (location.format) {
    case 'wxjava': {
      if (kind === 'wecom') {
        // weixin-java-cp AbstractWxCpInRedisConfigImpl.setAgentId: prefix (":" appended unless blank) +
        // "wechat_cp_access_token_key:" + corpId[":" + agentId]; lock "wechat_cp_lock:" + ukey + ":accessToken".
        const base = prefix ?? WXJAVA_DEFAULT_PREFIX.wecom;
        const head = base.endsWith(':') ? base : `${base}:`;
        const ukey = location.agentId ? `${appId}:${location.agentId}` : appId;
        return {
          token: { key: `${head}wechat_cp_access_token_key:${ukey}` },
          lockKey: `${head}wechat_cp_lock:${ukey}:accessToken`,
        };
      }
      // weixin-java-mp WxMpRedisConfigImpl / weixin-java-miniapp WxMaRedisBetterConfigImpl:
      // ACCESS_TOKEN_KEY_TPL "%s:access_token:%s", LOCK_KEY_TPL "%s:lock:%s:" + "accessTokenLock".
      const base = prefix ?? WXJAVA_DEFAULT_PREFIX[kind];
      return { token: { key: `${base}:access_token:${appId}` }, lockKey: `${base}:lock:${appId}:accessTokenLock` };
    }
    case 'senparc': {
      // Senparc.CO2NET BaseCacheStrategy.GetFinalKey: "Senparc:{DefaultCacheNamespace}:{key}"; ContainerHelper:
      // "Container:{bagType}" + ":" + appId. The Mini Program bag lives in Senparc.Weixin.WxOpen.Containers.
      const base = prefix ?? 'Senparc:DefaultCache';
      const bag =
        kind === 'miniProgram'
          ? 'Senparc.Weixin.WxOpen.Containers.AccessTokenBag'
          : 'Senparc.Weixin.MP.Containers.AccessTokenBag';
      return { token: { key: `${base}:Container:${bag}:${appId}` } };
    }
    case 'easywechat': {
      // EasyWeChat 6 src/OfficialAccount/AccessToken.php getKey(): "official_account.access_token.%s…" (later 6.x
      // versions append the AppSecret and the stable flag), behind Symfony's RedisAdapter namespace "{ns}:".
      const template =
        location.keyTemplate?.trim() || `${prefix ? `${prefix}:` : '*'}official_account.access_token.{appid}*`;
      // A template without wildcards names one key exactly (the way to publish for an EasyWeChat backend).
      if (!/[*?]/.test(template)) return { token: { key: template.replaceAll('{appid}', appId) } };
      return { token: { pattern: template.replaceAll('{appid}', escapeGlob(appId)) } };
    }
    case 'wechatpy': {
      // wechatpy/session/redisstorage.py key_name: "{prefix}:{key}", prefix "wechatpy"; client/base.py
      // access_token_key: "{appid}_access_token". The expires_at companion is read when a writer keeps one.
      const base = prefix ?? 'wechatpy';
      return {
        token: { key: `${base}:${appId}_access_token` },
        expiresAtKey: `${base}:${appId}_access_token_expires_at`,
      };
    }
    case 'silenceper': {
      // credential/default_access_token.go: fmt.Sprintf("%s_access_token_%s", cacheKeyPrefix, appID).
      const base = prefix ?? SILENCEPER_PREFIX[kind];
      return { token: { key: `${base}_access_token_${appId}` } };
    }
    case 'custom': {
      const template = location.keyTemplate?.trim();
      if (!template) throw new Error('A custom Redis format needs a key template.');
      return { token: { key: template.replaceAll('{appid}', appId) } };
    }
  }
}

/** Reads the token (and any expiry the value states) out of a raw Redis string value. */
export function decodeValue(location: RedisTokenLocation, raw: string): DecodedToken {
  const fail = (reason: string): never => {
    throw new UnexpectedValueError(location.format, reason, redactedSample(raw));
  };
  switch (location.format) {
    case 'wxjava': {
      // RedisTemplateWxRedisOps / JedisWxRedisOps setValue: the token as a plain string.
      const token = raw.trim();
      if (!looksLikeToken(token)) fail('expected the access_token as a plain string');
      return { accessToken: token, statedExpiresAt: null };
    }
    case 'senparc':
      return decodeSenparcBag(raw, fail);
    case 'easywechat': {
      // Symfony DefaultMarshaller: serialize($token) → s:<byte length>:"<token>";
      const match = /^s:(\d+):"(.*)";$/s.exec(raw.trim());
      if (!match) fail('expected a PHP-serialized string s:N:"…"; (igbinary values are binary and not supported)');
      const [, length, token] = match!;
      if (utf8Length(token!) !== Number(length)) fail('the PHP string length does not match its text');
      if (!looksLikeToken(token!)) fail('the PHP string is not an access_token');
      return { accessToken: token!, statedExpiresAt: null };
    }
    case 'wechatpy': {
      // redisstorage.py set(): json.dumps(value) → a JSON string with quotes.
      const token = parseJson(raw);
      if (typeof token !== 'string' || !looksLikeToken(token)) fail('expected a JSON string ("…")');
      return { accessToken: token as string, statedExpiresAt: null };
    }
    case 'silenceper': {
      // cache/redis.go (redigo, cache.NewRedis) stores json.Marshal(token) → "…"; cache/goredis.go stores it raw.
      const trimmed = raw.trim();
      const token = trimmed.startsWith('"') ? parseJson(trimmed) : trimmed;
      if (typeof token !== 'string' || !looksLikeToken(token)) fail('expected the access_token, raw or JSON-quoted');
      return { accessToken: token as string, statedExpiresAt: null };
    }
    case 'custom': {
      const field = location.valueField?.trim();
      if (!field) {
        const token = raw.trim();
        if (!looksLikeToken(token)) fail('expected the access_token as a plain string');
        return { accessToken: token, statedExpiresAt: null };
      }
      const parsed = parseJson(raw);
      if (parsed === undefined) fail(`expected JSON with the field ${field}`);
      const token = readPath(parsed, field);
      if (typeof token !== 'string' || !looksLikeToken(token)) fail(`no access_token string at ${field}`);
      return { accessToken: token as string, statedExpiresAt: null };
    }
  }
}

/**
 * When WeChat stops accepting the token: the value's own statement when it has one, otherwise the key's TTL plus the
 * margin the SDK took off. Null when neither tells (a key without TTL and a value without expiry).
 */
export function expiresAtOf(
  location: RedisTokenLocation,
  decoded: DecodedToken,
  pttlMs: number,
  now: number,
): number | null {
  if (decoded.statedExpiresAt !== null) return decoded.statedExpiresAt;
  if (pttlMs < 0) return null;
  return now + pttlMs + ttlMarginSeconds(location) * 1000;
}

/** wechatpy's companion expires_at key: epoch seconds as the JSON number json.dumps writes. */
export function decodeExpiresAt(raw: string | null): number | null {
  if (raw === null) return null;
  const value = parseJson(raw);
  return typeof value === 'number' && Number.isFinite(value) ? value * 1000 : null;
}

export interface EncodedToken {
  value: string;
  /** The TTL the SDK would set, in seconds. */
  ttlSeconds: number;
}

/** The value and TTL the SDK itself would write for a token that WeChat accepts for `expiresInSeconds` more. */
export function encodeValue(location: RedisTokenLocation, accessToken: string, expiresInSeconds: number): EncodedToken {
  const ttlSeconds = Math.max(1, Math.floor(expiresInSeconds) - ttlMarginSeconds(location));
  switch (location.format) {
    case 'wxjava':
      return { value: accessToken, ttlSeconds };
    case 'easywechat':
      return { value: `s:${utf8Length(accessToken)}:"${accessToken}";`, ttlSeconds };
    case 'wechatpy':
      return { value: JSON.stringify(accessToken), ttlSeconds };
    case 'silenceper':
      // cache.NewRedis (the README's cache, redigo) reads with json.Unmarshal; a quoted value suits both caches' Get
      // only for redigo, so this follows the documented default.
      return { value: JSON.stringify(accessToken), ttlSeconds };
    case 'custom': {
      const field = location.valueField?.trim();
      return { value: field ? JSON.stringify(writePath(field, accessToken)) : accessToken, ttlSeconds };
    }
    case 'senparc':
      throw new Error("Senparc's bag holds the AppSecret: TokenDesk does not publish in that format.");
  }
}

/** Senparc's AccessTokenBag, bare (newer CO2NET) or inside CacheWrapper {Type, Object} (older CO2NET). */
function decodeSenparcBag(raw: string, fail: (reason: string) => never): DecodedToken {
  const parsed = parseJson(raw);
  const root = isRecord(parsed) && isRecord(parsed.Object) ? parsed.Object : parsed;
  if (!isRecord(root)) return fail('expected a JSON AccessTokenBag');
  const result = root.AccessTokenResult;
  const token = isRecord(result) ? result.access_token : undefined;
  if (typeof token !== 'string' || !looksLikeToken(token)) return fail('no AccessTokenResult.access_token');
  const expireTime = typeof root.AccessTokenExpireTime === 'string' ? Date.parse(root.AccessTokenExpireTime) : NaN;
  if (Number.isNaN(expireTime)) return fail('no AccessTokenExpireTime');
  // ApiUtility.GetExpiryTimeSpan: expires_in > 3600 is stored 600 s early ("提前10分钟过期").
  const expiresIn = isRecord(result) && typeof result.expires_in === 'number' ? result.expires_in : 7200;
  return { accessToken: token, statedExpiresAt: expireTime + (expiresIn > 3600 ? 600_000 : 0) };
}

/** WeChat's access_tokens are long printable strings; this refuses a stray JSON document, a number, an empty value. */
function looksLikeToken(value: string): boolean {
  return /^[\x21-\x7e]{16,2048}$/.test(value) && !/^[[{"]/.test(value);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((inner, part) => (isRecord(inner) ? inner[part] : undefined), value);
}

function writePath(path: string, leaf: string): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((inner, part) => ({ [part]: inner }), leaf) as Record<string, unknown>;
}

/** PHP's strlen: bytes, not characters (plain JS, since the renderer imports this module's constants). */
function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

const CREDENTIAL_KEY = /secret|password|token|passwd|pwd/i;

/**
 * What a person may see of a value that did not parse: JSON with every credential-named field masked (a Senparc bag's
 * AppSecret among them), otherwise the first characters and the length — never a whole token or secret.
 */
export function redactedSample(raw: string): string {
  const parsed = parseJson(raw);
  if (parsed !== undefined && typeof parsed === 'object' && parsed !== null) {
    return truncate(JSON.stringify(maskCredentials(parsed)), 200);
  }
  const text = raw.trim();
  if (text.length <= 8) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, 4)}…`)} (${text.length} characters)`;
}

function maskCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskCredentials);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      CREDENTIAL_KEY.test(key) && !isRecord(inner) ? '***' : maskCredentials(inner),
    ]),
  );
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/**
 * A key fit to show: EasyWeChat 6's key ends in the AppSecret, so anything after the AppID in a matched key is masked.
 */
export function displayKey(location: RedisTokenLocation, key: string): string {
  if (location.format !== 'easywechat') return key;
  const at = key.indexOf(location.appId);
  return at < 0
    ? key
    : `${key.slice(0, at + location.appId.length)}${key.length > at + location.appId.length ? '.***' : ''}`;
}
