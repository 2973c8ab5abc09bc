/**
 * The error catalogue's data (see catalogue.ts for sources and lookups). Pure data: the renderer imports it too.
 *
 * Console paths, as of 2026:
 * - Official Account / Service Account: 微信开发者平台 https://developers.weixin.qq.com/platform → 我的业务 → 公众号/服务号
 *   → 基础信息 → 开发密钥 (AppSecret) and 开发信息 → API IP白名单 (older accounts: mp.weixin.qq.com → 设置与开发 → 基本配置).
 * - Mini Program: mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 开发者ID (AppSecret, IP白名单).
 * - WeCom: 管理后台 work.weixin.qq.com → 我的企业 → 企业信息 (企业ID); 应用管理 → the app → Secret / 企业可信IP.
 */
import { apiCatalogueEntries } from './catalogue-api-entries';
import type { CatalogueEntry, ErrorContext } from './types';

type Text = { en: string; 'zh-CN': string };

function entry(
  family: CatalogueEntry['family'],
  errcode: number,
  transient: boolean,
  meaning: Text,
  cause: Text,
  action: Text,
  when?: ErrorContext,
): CatalogueEntry {
  return when
    ? { errcode, family, meaning, cause, action, transient, when }
    : { errcode, family, meaning, cause, action, transient };
}

const SECRET_PLACES_EN =
  'Official Account: WeChat Developer Platform (developers.weixin.qq.com/platform) → My business → Official Account → Basic info → Developer secret; Mini Program: mp.weixin.qq.com → Manage → Development → Development settings → Developer ID';
const SECRET_PLACES_ZH =
  '公众号/服务号：微信开发者平台（developers.weixin.qq.com/platform）→ 我的业务 → 公众号 → 基础信息 → 开发密钥；小程序：mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 开发者ID';
const WHITELIST_PLACES_EN =
  'Official Account: WeChat Developer Platform → My business → Official Account → Basic info → Development info → API IP whitelist; Mini Program: mp.weixin.qq.com → Manage → Development → Development settings → Developer ID → IP whitelist';
const WHITELIST_PLACES_ZH =
  '公众号/服务号：微信开发者平台 → 我的业务 → 公众号 → 基础信息 → 开发信息 → API IP白名单；小程序：mp.weixin.qq.com → 管理 → 开发管理 → 开发设置 → 开发者ID → IP白名单';

export const catalogueEntries: readonly CatalogueEntry[] = [
  // ── Official Account / Mini Program ──────────────────────────────────────────────────────────────────────────────
  entry(
    'wechat',
    -1,
    true,
    { en: 'System busy (system error).', 'zh-CN': '系统繁忙（system error）。' },
    {
      en: 'A temporary fault on WeChat’s side; nothing is wrong with your request.',
      'zh-CN': '微信服务端临时故障，请求本身没有问题。',
    },
    {
      en: 'Retry with backoff (a few seconds, then longer). Keep using the current token meanwhile; if it persists for minutes, quote the rid in the WeChat developer community.',
      'zh-CN': '退避重试（先等几秒，再逐步拉长）。期间继续使用现有 token；若持续数分钟，带上 rid 到微信开放社区反馈。',
    },
  ),
  entry(
    'wechat',
    -1000,
    true,
    { en: 'System error (-1000).', 'zh-CN': '系统错误（-1000）。' },
    { en: 'An internal WeChat failure, usually short-lived.', 'zh-CN': '微信内部错误，通常很快恢复。' },
    {
      en: 'Retry with backoff like -1. If every retry fails, report it with the rid; do not change your AppSecret because of it.',
      'zh-CN': '按 -1 的方式退避重试。若一直失败，带 rid 反馈；不要因此去重置 AppSecret。',
    },
  ),
  entry(
    'wechat',
    40001,
    false,
    {
      en: 'Invalid credential: the AppSecret was rejected while fetching a token.',
      'zh-CN': '凭证无效：获取 token 时 AppSecret 被拒绝。',
    },
    {
      en: 'The AppSecret is wrong, was reset in the console (the old one stops working at once), belongs to another AppID, or has stray spaces from copying.',
      'zh-CN': 'AppSecret 填错、已在后台被重置（旧的立即失效）、属于另一个 AppID，或复制时带了空格。',
    },
    {
      en: `Re-copy the AppSecret (or reset it if nobody has it: WeChat does not show it again) at ${SECRET_PLACES_EN}, and check that it belongs to this AppID. Don’t retry in a loop: repeated failures can get the IP blocked.`,
      'zh-CN': `到 ${SECRET_PLACES_ZH} 重新复制 AppSecret（无人保存时只能重置，平台不会再次显示），并确认它属于这个 AppID。不要循环重试：连续失败可能导致该 IP 被封。`,
    },
    'fetch',
  ),
  entry(
    'wechat',
    40001,
    false,
    {
      en: 'Invalid credential: the access_token is invalid or not the latest.',
      'zh-CN': '凭证无效：access_token 无效或不是最新的。',
    },
    {
      en: 'Someone fetched a new token with the classic /cgi-bin/token endpoint (another server, a worker, a colleague’s laptop, the online debug page) and the old one died 5 minutes later; or the token was used for the wrong account, or truncated when stored (keep ≥ 512 characters).',
      'zh-CN':
        '有人通过经典接口 /cgi-bin/token 又取了一次 token（另一台服务器、后台任务、同事电脑、在线调试页），旧 token 5 分钟后失效；或 token 用错了账号，或存储时被截断（至少预留 512 字符）。',
    },
    {
      en: 'Fetch a fresh token once and retry the call. Then find the second refresher: only one place may fetch tokens for this AppID (this desk, or switch everyone to stable_token, which does not invalidate on each fetch).',
      'zh-CN':
        '重新获取一次 token 后重试。然后找出另一个刷新者：同一个 AppID 只应由一处获取 token（交给本工具统一刷新，或全部改用 stable_token，普通模式不会互相顶掉）。',
    },
    'use',
  ),
  entry(
    'wechat',
    40002,
    false,
    { en: 'Invalid grant_type.', 'zh-CN': '不合法的凭证类型（grant_type）。' },
    { en: 'grant_type is missing or not `client_credential`.', 'zh-CN': 'grant_type 缺失或不是 `client_credential`。' },
    {
      en: 'Send grant_type=client_credential (query for /cgi-bin/token, JSON body for /cgi-bin/stable_token).',
      'zh-CN': '传 grant_type=client_credential（经典接口放在 URL 参数，stable_token 放在 JSON 包体）。',
    },
  ),
  entry(
    'wechat',
    40013,
    false,
    { en: 'Invalid AppID.', 'zh-CN': '不合法的 AppID。' },
    {
      en: 'The AppID is mistyped, copied incompletely (it is `wx` + 16 hex characters), has spaces, or belongs to a kind of account this API does not serve.',
      'zh-CN': 'AppID 输错、复制不完整（格式为 `wx` + 16 位十六进制）、带空格，或该账号类型不支持此接口。',
    },
    {
      en: `Copy the AppID again from ${SECRET_PLACES_EN}; AppIDs are case-sensitive.`,
      'zh-CN': `到 ${SECRET_PLACES_ZH} 重新复制 AppID，注意大小写。`,
    },
  ),
  entry(
    'wechat',
    40125,
    false,
    { en: 'Invalid AppSecret.', 'zh-CN': '不合法的 AppSecret（invalid appsecret）。' },
    {
      en: 'The AppSecret does not match this AppID: a typo, a secret that was reset since, or the secret of another account.',
      'zh-CN': 'AppSecret 与 AppID 不匹配：输错、之后被重置过，或用了别的账号的 secret。',
    },
    {
      en: `Re-copy or reset the AppSecret at ${SECRET_PLACES_EN}, then update it here. Resetting breaks every other server still using the old one.`,
      'zh-CN': `到 ${SECRET_PLACES_ZH} 重新复制或重置 AppSecret 后在本工具中更新。注意：重置后其他仍用旧 secret 的服务器会全部失败。`,
    },
  ),
  entry(
    'wechat',
    40164,
    false,
    { en: 'Caller IP is not in the API IP whitelist.', 'zh-CN': '调用接口的 IP 不在白名单中。' },
    {
      en: 'The public egress IP of this machine (shown in the message) is not whitelisted. Typical traps: a changing home/office IP, adding a private IP (10.x, 192.168.x) instead of the public one, or entering the `::ffff:` form.',
      'zh-CN':
        '本机的公网出口 IP（见错误信息）未加入白名单。常见坑：家庭/办公网络出口 IP 会变、误填内网 IP（10.x、192.168.x）、填了 `::ffff:` 形式。',
    },
    {
      en: `Add the IPv4 shown here (without \`::ffff:\`) at ${WHITELIST_PLACES_EN}. It takes effect within minutes; CIDR ranges are accepted.`,
      'zh-CN': `把这里显示的 IPv4（去掉 \`::ffff:\`）加入 ${WHITELIST_PLACES_ZH}。几分钟内生效，支持 CIDR 网段。`,
    },
  ),
  entry(
    'wechat',
    40243,
    false,
    { en: 'AppSecret is frozen.', 'zh-CN': 'AppSecret 已被冻结。' },
    {
      en: 'An admin froze the AppSecret (a security option for accounts that don’t use it); tokens can’t be fetched with it until it is unfrozen.',
      'zh-CN': '管理员冻结了 AppSecret（用于长期不用 secret 的账号的安全选项），解冻前无法用它获取 token。',
    },
    {
      en: `Unfreeze it at ${SECRET_PLACES_EN} (freezing and unfreezing take about 10 minutes to apply), then retry.`,
      'zh-CN': `到 ${SECRET_PLACES_ZH} 解冻（冻结/解冻约 10 分钟后生效），再重试。`,
    },
  ),
  entry(
    'wechat',
    41001,
    false,
    { en: 'access_token missing.', 'zh-CN': '缺少 access_token 参数。' },
    {
      en: 'The call carried no access_token query parameter (WeChat ignores headers and body fields for it).',
      'zh-CN': '请求 URL 中没有 access_token 参数（放在 header 或包体里无效）。',
    },
    { en: 'Append ?access_token=… to the URL.', 'zh-CN': '在 URL 上拼接 ?access_token=…。' },
  ),
  entry(
    'wechat',
    41002,
    false,
    { en: 'appid missing.', 'zh-CN': '缺少 appid 参数。' },
    {
      en: 'The request had no appid (empty field, or sent in the wrong place).',
      'zh-CN': '请求没有带 appid（字段为空或放错了位置）。',
    },
    {
      en: 'Fill in the account’s AppID; check the request shown in the exchange log.',
      'zh-CN': '填写账号的 AppID；在交换记录中核对实际发出的请求。',
    },
  ),
  entry(
    'wechat',
    41004,
    false,
    { en: 'appsecret missing.', 'zh-CN': '缺少 secret 参数。' },
    {
      en: 'The request had no secret / appsecret (empty in settings or in the keychain).',
      'zh-CN': '请求没有带 secret / appsecret（设置或钥匙串中为空）。',
    },
    {
      en: 'Enter the AppSecret for this account again; it is kept in the OS keychain.',
      'zh-CN': '重新为该账号填写 AppSecret（保存在系统钥匙串中）。',
    },
  ),
  entry(
    'wechat',
    42001,
    false,
    { en: 'access_token expired.', 'zh-CN': 'access_token 已过期。' },
    {
      en: 'The token outlived its expires_in (usually 7200 s) — often a cache that ignored expires_in or a clock that is off.',
      'zh-CN': 'token 超过了 expires_in（通常 7200 秒）——多半是缓存没按 expires_in 过期，或本机时钟不准。',
    },
    {
      en: 'Fetch a new token and retry; refresh ahead of expiry (this desk refreshes before the countdown ends).',
      'zh-CN': '重新获取 token 后重试；应在到期前刷新（本工具会在倒计时结束前自动刷新）。',
    },
  ),
  entry(
    'wechat',
    43002,
    false,
    { en: 'Requires POST.', 'zh-CN': '需要 POST 请求。' },
    {
      en: 'This endpoint (e.g. /cgi-bin/stable_token) only accepts POST with a JSON body.',
      'zh-CN': '该接口（如 /cgi-bin/stable_token）只接受带 JSON 包体的 POST。',
    },
    {
      en: 'Send POST with Content-Type: application/json.',
      'zh-CN': '改用 POST，并带 Content-Type: application/json。',
    },
  ),
  entry(
    'wechat',
    45009,
    false,
    { en: 'Daily API quota reached.', 'zh-CN': '接口调用超过每日次数限制。' },
    {
      en: 'This API was called more times today than allowed (getAccessToken: 2000 a day, 200 for test accounts; force-refresh stable_token: 20 a day). Usually many servers fetching tokens instead of sharing one.',
      'zh-CN':
        '今天调用次数超过上限（getAccessToken 每天 2000 次，测试号 200 次；stable_token 强制刷新每天 20 次）。通常是多台服务器各自取 token 而没有共用。',
    },
    {
      en: 'Check usage with quota/get; reset it with clear_quota/v2 (uses the AppSecret, works without a token; 10 resets a month) or wait for the daily reset. Then centralise token fetching.',
      'zh-CN':
        '用 quota/get 查看用量；用 clear_quota/v2 清零（用 AppSecret 调用，无需 token；每月 10 次）或等到次日。之后把 token 获取集中到一处。',
    },
  ),
  entry(
    'wechat',
    45011,
    true,
    { en: 'Per-minute rate limit hit.', 'zh-CN': '命中每分钟频率限制。' },
    { en: 'Too many calls within one minute.', 'zh-CN': '一分钟内调用过于频繁。' },
    { en: 'Wait until the next minute and retry; spread calls out.', 'zh-CN': '等到下一分钟再重试，并把调用打散。' },
  ),
  entry(
    'wechat',
    48001,
    false,
    { en: 'API unauthorized.', 'zh-CN': '接口未授权（api unauthorized）。' },
    {
      en: 'This account has no permission for the API: a token of another account type (e.g. an Official Account token on a Mini Program API), an unverified account, or a feature not enabled.',
      'zh-CN':
        '该账号没有此接口权限：用错了账号类型的 token（如公众号 token 调小程序接口）、账号未认证，或功能未开通。',
    },
    {
      en: 'Check that the token comes from the account the API belongs to, and that the account is verified / the feature is enabled in its console.',
      'zh-CN': '确认 token 来自接口所属的账号，并在后台确认账号已认证、相关功能已开通。',
    },
  ),
  entry(
    'wechat',
    48006,
    false,
    { en: 'Quota reset refused: monthly limit of resets reached.', 'zh-CN': '禁止清零调用次数：本月清零次数已用完。' },
    {
      en: 'clear_quota and clear_quota/v2 share 10 resets per account per month, and they are used up.',
      'zh-CN': 'clear_quota 与 clear_quota/v2 每个账号每月共 10 次，已用完。',
    },
    {
      en: 'Wait for the daily quota reset (or next month for resets) and cut the number of calls.',
      'zh-CN': '等待每日额度自然恢复（或下月清零机会恢复），并减少调用次数。',
    },
  ),
  entry(
    'wechat',
    50004,
    false,
    { en: 'Token API forbidden for this account.', 'zh-CN': '禁止使用 token 接口。' },
    {
      en: 'WeChat has barred this account from using access_token (e.g. a penalty, or an account reactivated after long disuse).',
      'zh-CN': '微信禁止该账号使用 access_token（例如处罚，或长期未用后重新激活的账号）。',
    },
    {
      en: 'Check the account’s notices in its console and follow the appeal steps there; retrying won’t help.',
      'zh-CN': '查看后台的站内通知，按其中的申诉流程处理；重试无济于事。',
    },
  ),
  entry(
    'wechat',
    50007,
    false,
    { en: 'Account frozen.', 'zh-CN': '账号已冻结。' },
    {
      en: 'The account itself is frozen (unpaid verification, violation, or a long idle period).',
      'zh-CN': '账号本身已被冻结（认证过期、违规或长期未登录等）。',
    },
    {
      en: 'Log in to the account’s console and unfreeze it; tokens work again once it is active.',
      'zh-CN': '登录账号后台解冻，恢复正常后 token 即可使用。',
    },
  ),
  entry(
    'wechat',
    76001,
    false,
    { en: 'rid not found.', 'zh-CN': 'rid 不存在。' },
    {
      en: 'The rid is unknown or older than 7 days (rids are kept for 7 days only).',
      'zh-CN': 'rid 不存在或已超过 7 天（rid 只保留 7 天）。',
    },
    {
      en: 'Check the rid was copied whole (three groups of 8 hex digits) and is from the last 7 days.',
      'zh-CN': '确认 rid 复制完整（三段 8 位十六进制）且在 7 天之内。',
    },
  ),
  entry(
    'wechat',
    76002,
    false,
    { en: 'rid is malformed.', 'zh-CN': 'rid 为空或格式错误。' },
    {
      en: 'The rid is empty or not of the form xxxxxxxx-xxxxxxxx-xxxxxxxx.',
      'zh-CN': 'rid 为空或不是 xxxxxxxx-xxxxxxxx-xxxxxxxx 格式。',
    },
    {
      en: 'Copy the rid from the errmsg, after `rid: `, without the trailing text.',
      'zh-CN': '从 errmsg 中 `rid: ` 之后复制，不要带后面的文字。',
    },
  ),
  entry(
    'wechat',
    76003,
    false,
    { en: 'No permission to query this rid.', 'zh-CN': '当前账号无权查询该 rid。' },
    {
      en: 'The rid was produced by a call of another account; only that account’s token can look it up.',
      'zh-CN': '该 rid 由其他账号的调用产生，只能用那个账号的 token 查询。',
    },
    {
      en: 'Look it up with a token of the account whose call returned the rid.',
      'zh-CN': '用产生该 rid 的账号的 token 查询。',
    },
  ),
  entry(
    'wechat',
    76004,
    false,
    { en: 'rid expired.', 'zh-CN': 'rid 已过期。' },
    { en: 'The rid is older than 7 days.', 'zh-CN': 'rid 已超过 7 天。' },
    {
      en: 'Reproduce the failing call to get a fresh rid, and look it up within 7 days.',
      'zh-CN': '重新触发出错的调用拿到新的 rid，并在 7 天内查询。',
    },
  ),
  entry(
    'wechat',
    89501,
    false,
    { en: 'Waiting for admin confirmation of this IP.', 'zh-CN': '此 IP 正在等待管理员确认。' },
    {
      en: 'A call from a new IP triggered WeChat’s confirmation flow; the account admin has not answered yet.',
      'zh-CN': '新 IP 的调用触发了确认流程，管理员尚未处理。',
    },
    {
      en: 'Ask the admin to approve the request in WeChat, or add the IP to the API IP whitelist so no confirmation is needed. Don’t retry repeatedly meanwhile.',
      'zh-CN': '请管理员在微信中确认，或把该 IP 加入 API IP 白名单以免确认。等待期间不要反复重试。',
    },
  ),
  entry(
    'wechat',
    89503,
    false,
    { en: 'This IP’s call needs admin confirmation.', 'zh-CN': '此次调用需要管理员确认。' },
    {
      en: 'The call came from an IP the account has not used before; WeChat sent the admin a confirmation request.',
      'zh-CN': '调用来自账号未使用过的 IP，微信已向管理员发送确认请求。',
    },
    {
      en: `Tell the admin to approve it in WeChat. To avoid it for good, add this machine’s public IP at ${WHITELIST_PLACES_EN}.`,
      'zh-CN': `请管理员在微信中确认。若要彻底避免，把本机公网 IP 加入 ${WHITELIST_PLACES_ZH}。`,
    },
  ),
  entry(
    'wechat',
    89506,
    false,
    { en: 'This IP is blocked for 24 hours.', 'zh-CN': '该 IP 被禁止调用 24 小时。' },
    {
      en: 'The admin refused calls from this IP twice within 24 hours.',
      'zh-CN': '24 小时内管理员两次拒绝了该 IP 的调用。',
    },
    {
      en: 'Wait 24 hours or call from another (whitelisted) IP; talk to the admin before calling from a new IP.',
      'zh-CN': '等待 24 小时，或换用已加白名单的 IP；从新 IP 调用前先与管理员沟通。',
    },
  ),
  entry(
    'wechat',
    89507,
    false,
    { en: 'This IP is blocked for 1 hour.', 'zh-CN': '该 IP 被禁止调用 1 小时。' },
    {
      en: 'The admin refused a call from this IP within the last hour.',
      'zh-CN': '1 小时内管理员拒绝了该 IP 的调用。',
    },
    {
      en: 'Wait an hour, then ask the admin to approve (or whitelist the IP) before retrying.',
      'zh-CN': '等待 1 小时，先请管理员确认（或把 IP 加入白名单）再重试。',
    },
  ),

  // ── WeCom (企业微信) ─────────────────────────────────────────────────────────────────────────────────────────────
  entry(
    'wecom',
    -1,
    true,
    { en: 'System busy.', 'zh-CN': '系统繁忙。' },
    { en: 'A temporary fault on WeCom’s side.', 'zh-CN': '企业微信服务端临时故障。' },
    {
      en: 'Retry with backoff; keep the `hint` for support if it persists.',
      'zh-CN': '退避重试；若持续出现，保留 `hint` 以便排查。',
    },
  ),
  entry(
    'wecom',
    40001,
    false,
    { en: 'Invalid secret.', 'zh-CN': '不合法的 secret 参数。' },
    {
      en: 'The corpsecret is wrong, was reset, belongs to another app, or the app is disabled. Each app (and the contacts-sync tool) has its own secret.',
      'zh-CN': 'corpsecret 填错、已被重置、属于其他应用，或应用已停用。每个应用（以及通讯录同步）各有独立 secret。',
    },
    {
      en: 'Copy the secret again in the WeCom admin console → App management → the app → Secret (view it in the WeCom app). Don’t retry in a loop: many failures block the IP for an hour.',
      'zh-CN':
        '到企业微信管理后台 → 应用管理 → 对应应用 → Secret（在企业微信客户端中查看）重新复制。不要循环重试：大量失败会导致该 IP 被封一小时。',
    },
  ),
  entry(
    'wecom',
    40013,
    false,
    { en: 'Invalid CorpID.', 'zh-CN': '不合法的 CorpID。' },
    {
      en: 'The corpid is mistyped or copied incompletely (it starts with `ww` or `wx`).',
      'zh-CN': 'corpid 输错或复制不完整（以 `ww` 或 `wx` 开头）。',
    },
    {
      en: 'Copy it from the WeCom admin console → My company → Company info → Company ID.',
      'zh-CN': '到企业微信管理后台 → 我的企业 → 企业信息 → 企业ID 重新复制。',
    },
  ),
  entry(
    'wecom',
    40091,
    false,
    { en: 'Secret invalid.', 'zh-CN': 'secret 不合法。' },
    {
      en: 'The secret is malformed or belongs to another corp (e.g. a third-party suite secret used as an app secret).',
      'zh-CN': 'secret 格式不对或属于其他企业（如把第三方应用的 suite secret 当作自建应用 secret）。',
    },
    {
      en: 'Use the self-built app’s own secret from App management → the app, with this corp’s CorpID.',
      'zh-CN': '使用本企业自建应用的 secret（应用管理 → 对应应用），并与本企业 CorpID 配对。',
    },
  ),
  entry(
    'wecom',
    41002,
    false,
    { en: 'corpid missing.', 'zh-CN': '缺少 corpid 参数。' },
    { en: 'The gettoken request had no corpid.', 'zh-CN': 'gettoken 请求没有带 corpid。' },
    {
      en: 'Fill in the CorpID (My company → Company info → Company ID).',
      'zh-CN': '填写企业ID（我的企业 → 企业信息 → 企业ID）。',
    },
  ),
  entry(
    'wecom',
    41004,
    false,
    { en: 'corpsecret missing.', 'zh-CN': '缺少 corpsecret 参数。' },
    { en: 'The gettoken request had no corpsecret.', 'zh-CN': 'gettoken 请求没有带 corpsecret。' },
    {
      en: 'Enter the app’s secret again; it is kept in the OS keychain.',
      'zh-CN': '重新填写应用 secret（保存在系统钥匙串中）。',
    },
  ),
  entry(
    'wecom',
    42001,
    false,
    { en: 'access_token expired.', 'zh-CN': 'access_token 已过期。' },
    {
      en: 'The token outlived expires_in, or WeCom invalidated it early (it may do so for operational reasons).',
      'zh-CN': 'token 超过了有效期，或被企业微信提前失效（平台可能出于运营需要提前失效）。',
    },
    { en: 'Fetch a new token once and retry the call.', 'zh-CN': '重新获取一次 token 后重试。' },
  ),
  entry(
    'wecom',
    45009,
    true,
    { en: 'API call frequency limit exceeded.', 'zh-CN': '接口调用超过限制（api freq out of limit）。' },
    {
      en: 'gettoken or another API was called too often; repeated wrong secrets also block the calling IP for an hour.',
      'zh-CN': 'gettoken 或其他接口调用过于频繁；secret 多次错误也会导致该 IP 被禁用一小时。',
    },
    {
      en: 'Cache the token (one per app secret) instead of fetching per request, and wait before retrying.',
      'zh-CN': '缓存 token（每个应用 secret 一份），不要每次请求都获取，稍后再重试。',
    },
  ),
  entry(
    'wecom',
    45033,
    true,
    { en: 'Too many concurrent calls.', 'zh-CN': '接口并发调用超过限制。' },
    { en: 'Too many requests of this app in flight at the same time.', 'zh-CN': '该应用同时进行中的请求过多。' },
    { en: 'Lower concurrency (queue the calls) and retry.', 'zh-CN': '降低并发（排队调用）后重试。' },
  ),
  entry(
    'wecom',
    48002,
    false,
    { en: 'API forbidden for this token.', 'zh-CN': 'API 接口无权限调用。' },
    {
      en: 'The token’s app lacks permission for this API (e.g. a contacts-sync token used to send messages, or an app not added to the feature’s “apps that may call the API” list).',
      'zh-CN':
        'token 所属应用没有该接口权限（如用通讯录同步的 token 发消息，或应用未加入该功能的“可调用接口的应用”）。',
    },
    {
      en: 'Use the secret of the app that holds the permission, or grant it in the admin console for that feature.',
      'zh-CN': '改用有权限应用的 secret，或在管理后台对应功能中授予权限。',
    },
  ),
  entry(
    'wecom',
    60020,
    false,
    { en: 'Access from this IP is not allowed.', 'zh-CN': '不安全的访问 IP（not allow to access from your ip）。' },
    {
      en: 'The calling IP (the `from ip:` in the message) is not in the app’s trusted IP list; required for apps created after 2022-06-20.',
      'zh-CN': '调用方 IP（错误信息中的 `from ip:`）不在应用的企业可信IP 中；2022-06-20 之后新建的应用必须配置。',
    },
    {
      en: 'Add the IP shown at WeCom admin console → App management → the app → Trusted company IP. It applies after about a minute.',
      'zh-CN': '把显示的 IP 加入企业微信管理后台 → 应用管理 → 对应应用 → 企业可信IP，约 1 分钟后生效。',
    },
  ),
  // Business APIs people try in the API console.
  ...apiCatalogueEntries,
];
