import { lookupError, type ErrorFamily } from '../wechat/catalogue';

/**
 * The core's one catalogue of messages for people: every error, refusal and pause reason the core reports, as a code
 * with typed params and a template per language. The core sends `{ code, params }` (never prose); each edge — the
 * renderer, the CLI, the tray, notifications — renders it in its own language with `formatCoreMessage`. Times travel
 * as epoch ms and are formatted here, per locale. Plain TypeScript: the renderer imports it too.
 */

export const CORE_LOCALES = ['en', 'zh-CN'] as const;
export type CoreLocale = (typeof CORE_LOCALES)[number];

/** Params are flat primitives, so a message survives JSON (IPC, the socket, the settings file) unchanged. */
type Params = Record<string, string | number>;

/** Locale-aware helpers a template may use for its params. */
export interface MessageFormat {
  /** An instant (epoch ms) as a local date and time. */
  at(epochMs: number): string;
  /** WeChat's explanation of an errcode in this language (meaning and action), or its raw errcode and errmsg. */
  wechat(errcode: number, errmsg: string, family: string): string;
}

type Template<P extends Params> = (params: P, format: MessageFormat) => string;
interface Entry<P extends Params> {
  en: Template<P>;
  'zh-CN': Template<P>;
}

/** Declares an entry with its params type; both languages are required, so a missing zh-CN fails the typecheck. */
const message = <P extends Params = Record<never, never>>(entry: Entry<P>): Entry<P> => entry;

type WeChatParams = { errcode: number; errmsg: string; family: ErrorFamily };

export const CORE_MESSAGES = {
  // ── the contract's own failures ─────────────────────────────────────────────────────────────────────────────────
  'unknown-method': message<{ channel: string }>({
    en: (p) => `Unknown channel "${p.channel}".`,
    'zh-CN': (p) => `未知的通道“${p.channel}”。`,
  }),
  'bad-arguments': message<{ method: string; problems: string }>({
    en: (p) => `${p.method}: ${p.problems}`,
    'zh-CN': (p) => `${p.method} 的参数有误：${p.problems}`,
  }),
  refused: message({
    en: () => 'This call did not come from TokenDesk’s own window and was refused.',
    'zh-CN': () => '这个调用不是来自 TokenDesk 自己的窗口，已拒绝。',
  }),
  internal: message<{ method: string }>({
    en: (p) => `TokenDesk hit an internal error in ${p.method}; details are in its log.`,
    'zh-CN': (p) => `TokenDesk 在 ${p.method} 中遇到内部错误，详情见日志。`,
  }),
  'preview-connection-lost': message({
    en: () => 'Lost the connection to the TokenDesk preview; is it still running?',
    'zh-CN': () => '与 TokenDesk 预览的连接已断开；它还在运行吗？',
  }),
  'preview-refused': message({
    en: () => 'The TokenDesk preview refused the connection: open the URL it printed, key included.',
    'zh-CN': () => 'TokenDesk 预览拒绝了连接：请打开它打印出的网址（包括其中的 key）。',
  }),
  'refresher-gone': message({
    en: () => 'The TokenDesk that refreshes tokens for this data dir stopped while answering; try again.',
    'zh-CN': () => '为该数据目录刷新令牌的 TokenDesk 在应答时停止了，请重试。',
  }),

  // ── accounts ────────────────────────────────────────────────────────────────────────────────────────────────────
  'account-gone': message({
    en: () => 'That account no longer exists; it may have been removed in another window or by the CLI.',
    'zh-CN': () => '该账号已不存在，可能已在另一个窗口或通过命令行删除。',
  }),
  'unknown-account': message<{ accountId: string }>({
    en: (p) => `There is no account with id "${p.accountId}": it may have been removed.`,
    'zh-CN': (p) => `没有 ID 为“${p.accountId}”的账号，可能已被删除。`,
  }),
  'keychain-cleanup-failed': message<{ detail: string }>({
    en: (p) => `The account was removed, but its keychain entries could not be: ${p.detail}`,
    'zh-CN': (p) => `账号已删除，但无法删除它在钥匙串中的条目：${p.detail}`,
  }),
  'test-needs-secret': message({
    en: () => 'Type the AppSecret first: there is none to test with.',
    'zh-CN': () => '请先输入 AppSecret：没有可用于测试的密钥。',
  }),
  'test-retype-secret': message({
    en: () =>
      'The base URL or kind differs from the saved account’s, and the stored AppSecret is only ever sent where the account’s own refreshes go: type the AppSecret again to test this address.',
    'zh-CN': () =>
      '基础 URL 或类型与已保存的账号不同，而已保存的 AppSecret 只会发往该账号自身刷新所用的地址：请重新输入 AppSecret 来测试这个地址。',
  }),
  'no-secret-stored': message<{ secretName: string }>({
    en: (p) => `No ${p.secretName} is stored for this account: enter it in the account's settings.`,
    'zh-CN': (p) => `该账号没有保存 ${p.secretName}：请在账号设置中填写。`,
  }),
  'keychain-unavailable': message<{ detail: string }>({
    en: (p) => `The system keychain could not be used: ${p.detail}`,
    'zh-CN': (p) => `无法使用系统钥匙串：${p.detail}`,
  }),

  // ── the account form: what to fix in a field (problems block saving, warnings don't) ─────────────────────────────
  'field-label-empty': message({
    en: () => 'Give the account a name, e.g. "Shop OA (production)".',
    'zh-CN': () => '给账号起个名字，例如“商城公众号（生产）”。',
  }),
  'field-label-too-long': message<{ max: number; length: number }>({
    en: (p) => `Shorten the name to ${p.max} characters or fewer (it has ${p.length}).`,
    'zh-CN': (p) => `请把名称缩短到 ${p.max} 个字符以内（现在有 ${p.length} 个）。`,
  }),
  'field-label-taken': message<{ label: string }>({
    en: (p) => `Another account is already called "${p.label}": choose a different name.`,
    'zh-CN': (p) => `已有账号叫“${p.label}”：请换一个名称。`,
  }),
  'field-choose-one': message<{ choices: string }>({
    en: (p) => `Choose one of: ${p.choices}.`,
    'zh-CN': (p) => `请从以下选项中选择：${p.choices}。`,
  }),
  'field-mode-wecom-needed': message({
    en: () => 'A WeCom account gets its token from gettoken: choose the "wecom" token mode.',
    'zh-CN': () => '企业微信账号通过 gettoken 获取令牌：请选择“wecom”令牌模式。',
  }),
  'field-mode-wecom-only': message({
    en: () => 'The "wecom" token mode is for WeCom accounts only: choose "stable" (recommended) or "classic".',
    'zh-CN': () => '“wecom”令牌模式仅用于企业微信账号：请选择“stable”（推荐）或“classic”。',
  }),
  'field-mode-classic-production': message({
    en: () =>
      'Classic mode invalidates the token every other server using this AppID holds (5 minutes after each refresh). "stable" does not: prefer it for production.',
    'zh-CN': () =>
      '普通模式会让所有使用该 AppID 的其他服务器手中的令牌失效（每次刷新 5 分钟后）。“stable”不会：生产环境请优先使用它。',
  }),
  'field-margin-range': message<{ min: number; max: number }>({
    en: (p) =>
      `Set the refresh margin to a whole number of seconds from ${p.min} to ${p.max}, or leave it empty to use the default.`,
    'zh-CN': (p) => `请把提前刷新时间设为 ${p.min} 到 ${p.max} 之间的整数秒，或留空使用默认值。`,
  }),
  'field-notes-too-long': message<{ max: number; length: number }>({
    en: (p) => `Shorten the notes to ${p.max} characters or fewer (they have ${p.length}).`,
    'zh-CN': (p) => `请把备注缩短到 ${p.max} 个字符以内（现在有 ${p.length} 个）。`,
  }),
  'field-secret-not-for-followed': message({
    en: () => 'A followed account needs no AppSecret: leave it empty (TokenDesk never fetches its token).',
    'zh-CN': () => '跟随的账号不需要 AppSecret：请留空（TokenDesk 从不自行获取它的令牌）。',
  }),
  'field-secret-empty': message<{ name: string }>({
    en: (p) => `Enter the ${p.name}.`,
    'zh-CN': (p) => `请输入 ${p.name}。`,
  }),
  'field-secret-inner-space': message<{ name: string }>({
    en: (p) => `The ${p.name} has a space or line break in the middle: copy it again from the console.`,
    'zh-CN': (p) => `${p.name} 中间有空格或换行：请从后台重新复制。`,
  }),
  'field-secret-trimmed': message<{ name: string }>({
    en: (p) => `Removed spaces or line breaks around the ${p.name}.`,
    'zh-CN': (p) => `已去掉 ${p.name} 两端的空格或换行。`,
  }),
  'field-secret-length': message<{ name: string; usual: number; length: number }>({
    en: (p) => `${p.name}s are usually ${p.usual} characters; this one has ${p.length}. Check you copied all of it.`,
    'zh-CN': (p) => `${p.name} 通常为 ${p.usual} 个字符，这个有 ${p.length} 个。请检查是否复制完整。`,
  }),
  'field-secret-not-hex': message<{ name: string }>({
    en: (p) =>
      `${p.name}s are usually hexadecimal (0-9, a-f); this one has other characters. Check you copied the right value.`,
    'zh-CN': (p) => `${p.name} 通常是十六进制（0-9、a-f），这个含有其他字符。请检查是否复制了正确的值。`,
  }),
  'secret-save-failed': message<{ detail: string }>({
    en: (p) => `Could not save the secret: ${p.detail}`,
    'zh-CN': (p) => `无法保存密钥：${p.detail}`,
  }),
  'field-appid-empty': message({
    en: () => 'Enter the AppID: "wx" followed by 16 hexadecimal characters, e.g. wx1234567890abcdef.',
    'zh-CN': () => '请输入 AppID：“wx”后跟 16 个十六进制字符，例如 wx1234567890abcdef。',
  }),
  'field-appid-is-corpid': message({
    en: () => 'This looks like a WeCom CorpID ("ww…"): choose the WeCom kind, or enter the AppID ("wx…").',
    'zh-CN': () => '这看起来是企业微信的 CorpID（“ww…”）：请选择企业微信类型，或输入 AppID（“wx…”）。',
  }),
  'field-appid-uppercase': message({
    en: () => 'AppIDs use lowercase letters: enter it as shown in the console (e.g. wx1234567890abcdef).',
    'zh-CN': () => 'AppID 使用小写字母：请按后台显示的样子输入（例如 wx1234567890abcdef）。',
  }),
  'field-appid-prefix': message({
    en: () =>
      'An AppID starts with "wx" followed by 16 hexadecimal characters: check you copied the AppID, not the AppSecret or the original ID (gh_…).',
    'zh-CN': () =>
      'AppID 以“wx”开头，后跟 16 个十六进制字符：请确认复制的是 AppID，而不是 AppSecret 或原始 ID（gh_…）。',
  }),
  'field-appid-length': message<{ rest: number }>({
    en: (p) => `An AppID has 16 hexadecimal characters after "wx"; this one has ${p.rest}: check you copied all of it.`,
    'zh-CN': (p) => `AppID 在“wx”之后有 16 个十六进制字符，这个有 ${p.rest} 个：请检查是否复制完整。`,
  }),
  'field-appid-chars': message({
    en: () => 'An AppID has only hexadecimal characters (0-9, a-f) after "wx": check for a mistyped letter.',
    'zh-CN': () => 'AppID 在“wx”之后只有十六进制字符（0-9、a-f）：请检查是否有打错的字母。',
  }),
  'field-corpid-empty': message({
    en: () =>
      'Enter the CorpID: "ww" (or "wx" for older corps) followed by 16 hexadecimal characters, found at 我的企业 → 企业信息.',
    'zh-CN': () => '请输入 CorpID：“ww”（较早的企业为“wx”）后跟 16 个十六进制字符，在 我的企业 → 企业信息 中可以找到。',
  }),
  'field-corpid-prefix': message({
    en: () =>
      'A CorpID starts with "ww" (or "wx") followed by 16 hexadecimal characters, found at 我的企业 → 企业信息 → 企业ID.',
    'zh-CN': () => 'CorpID 以“ww”（或“wx”）开头，后跟 16 个十六进制字符，在 我的企业 → 企业信息 → 企业ID 中可以找到。',
  }),
  'field-corpid-length': message<{ prefix: string; rest: number }>({
    en: (p) =>
      `A CorpID has 16 hexadecimal characters after "${p.prefix}"; this one has ${p.rest}: check you copied all of it.`,
    'zh-CN': (p) => `CorpID 在“${p.prefix}”之后有 16 个十六进制字符，这个有 ${p.rest} 个：请检查是否复制完整。`,
  }),
  'field-corpid-chars': message({
    en: () =>
      'A CorpID has only lowercase hexadecimal characters (0-9, a-f) after its prefix: check for a mistyped letter.',
    'zh-CN': () => 'CorpID 在前缀之后只有小写十六进制字符（0-9、a-f）：请检查是否有打错的字母。',
  }),
  'field-api-base-not-url': message({
    en: () => 'Enter a full base URL starting with https:// (e.g. https://api.weixin.qq.com), or leave it empty.',
    'zh-CN': () => '请输入以 https:// 开头的完整基础 URL（例如 https://api.weixin.qq.com），或留空。',
  }),
  'field-api-base-scheme': message({
    en: () => 'The base URL must start with https:// (http:// only for this machine, e.g. a local proxy).',
    'zh-CN': () => '基础 URL 必须以 https:// 开头（http:// 仅限本机，例如本地代理）。',
  }),
  'field-api-base-query': message({
    en: () => 'Remove the query (?…) or fragment (#…) from the base URL: TokenDesk appends the API path itself.',
    'zh-CN': () => '请去掉基础 URL 中的查询（?…）或片段（#…）：TokenDesk 会自己拼接 API 路径。',
  }),
  'field-api-base-credentials': message({
    en: () => 'Remove the user name and password from the base URL.',
    'zh-CN': () => '请去掉基础 URL 中的用户名和密码。',
  }),
  'field-api-base-http-remote': message({
    en: () =>
      'Use https:// for this base URL: over http:// the AppSecret would cross the network unencrypted. Plain http:// is allowed only for this machine (127.0.0.1, ::1, localhost).',
    'zh-CN': () =>
      '这个基础 URL 请使用 https://：用 http:// 时 AppSecret 会以明文经过网络。纯 http:// 只允许用于本机（127.0.0.1、::1、localhost）。',
  }),
  'follow-not-followed': message({
    en: () => 'Only a followed account (redis or central) has a team source to follow.',
    'zh-CN': () => '只有跟随的账号（redis 或 central）才有可跟随的团队来源。',
  }),
  'follow-redis-needed': message({
    en: () =>
      'Give the Redis URL and the format the team server writes (wxjava, senparc, easywechat, wechatpy, silenceper or custom).',
    'zh-CN': () =>
      '请填写 Redis 网址以及团队服务器写入的格式（wxjava、senparc、easywechat、wechatpy、silenceper 或 custom）。',
  }),
  'follow-central-needed': message({
    en: () => "Give the central token service's URL.",
    'zh-CN': () => '请填写中控令牌服务的网址。',
  }),
  'follow-redis-format': message<{ choices: string }>({
    en: (p) => `Choose a Redis format: ${p.choices}.`,
    'zh-CN': (p) => `请选择 Redis 格式：${p.choices}。`,
  }),
  'follow-central-not-url': message({
    en: () => 'Enter the central service URL in full, e.g. https://token.team.example/token?appid=wx…',
    'zh-CN': () => '请输入完整的中控服务网址，例如 https://token.team.example/token?appid=wx…',
  }),
  'follow-central-scheme': message({
    en: () => 'The central service URL must start with https:// (or http://).',
    'zh-CN': () => '中控服务网址必须以 https://（或 http://）开头。',
  }),
  'connection-password-save-failed': message<{ detail: string }>({
    en: (p) => `Could not save the Redis password: ${p.detail}`,
    'zh-CN': (p) => `无法保存 Redis 密码：${p.detail}`,
  }),
  'account-removed-meanwhile': message({
    en: () => 'This account no longer exists: it was removed, perhaps in another window.',
    'zh-CN': () => '该账号已不存在：它已被删除，可能是在另一个窗口中。',
  }),

  // ── the local endpoint ──────────────────────────────────────────────────────────────────────────────────────────
  'endpoint-port-in-use': message<{ port: number; address: string }>({
    en: (p) =>
      `Port ${p.port} is already in use on ${p.address}. Stop what uses it, or choose another port (Settings, or --port).`,
    'zh-CN': (p) => `${p.address} 上的端口 ${p.port} 已被占用。请停止占用它的程序，或换一个端口（设置中，或 --port）。`,
  }),
  'endpoint-failed': message<{ detail: string }>({
    en: (p) => `The local endpoint could not start: ${p.detail}`,
    'zh-CN': (p) => `本地接口无法启动：${p.detail}`,
  }),

  // ── quota ───────────────────────────────────────────────────────────────────────────────────────────────────────
  'quota-needs-token': message({
    en: () =>
      'WeChat’s quota meter needs a valid token, and there is none (the quota may be used up): clear the quota first.',
    'zh-CN': () => '查询微信的调用额度需要一个有效令牌，但当前没有（额度可能已用完）：请先清零额度。',
  }),
  'wecom-no-clear-quota': message({
    en: () => 'WeCom has no clear-quota API; its limits reset by themselves.',
    'zh-CN': () => '企业微信没有清零额度的接口，其限制会自行重置。',
  }),

  // ── the engine's refusals (it declined to call WeChat) ──────────────────────────────────────────────────────────
  'confirm-production-risk': message({
    en: () =>
      'This production account uses the classic API: a new token invalidates the one every other server using this AppID holds (5 minutes later). Confirm to refresh anyway, or switch the account to stable mode.',
    'zh-CN': () =>
      '这个生产账号使用普通接口：获取新令牌会让所有使用该 AppID 的服务器手中的令牌（5 分钟后）失效。确认后仍可刷新，或把账号切换为稳定版模式。',
  }),
  'confirm-force-refresh': message({
    en: () =>
      'A force refresh of a production account kills the current token at once for every server using this AppID. Confirm to go ahead.',
    'zh-CN': () => '强制刷新生产账号会让所有使用该 AppID 的服务器手中的当前令牌立即失效。确认后继续。',
  }),
  'wecom-no-force-refresh': message({
    en: () => 'WeCom has no force refresh: gettoken returns the same token until it expires. Use refresh.',
    'zh-CN': () => '企业微信没有强制刷新：gettoken 在令牌过期前总是返回同一个令牌。请使用刷新。',
  }),
  'no-token': message({
    en: () => 'There is no token to check yet: get one first.',
    'zh-CN': () => '还没有可检查的令牌：请先获取一个。',
  }),
  'force-too-soon': message<{ gapSeconds: number; retryAt: number }>({
    en: (p, f) =>
      `WeChat ignores force refreshes less than ${p.gapSeconds} s apart (it returns the same token). Try again after ${f.at(p.retryAt)}.`,
    'zh-CN': (p, f) =>
      `两次强制刷新间隔不足 ${p.gapSeconds} 秒时微信会忽略（返回同一个令牌）。请在 ${f.at(p.retryAt)} 之后重试。`,
  }),
  'force-daily-limit': message<{ perDay: number; used: number; retryAt: number }>({
    en: (p, f) =>
      `WeChat allows ${p.perDay} force refreshes a day and this account has used ${p.used} today; more would fail with 45009. The count resets at 00:00 Beijing time (${f.at(p.retryAt)}).`,
    'zh-CN': (p, f) =>
      `微信每天允许强制刷新 ${p.perDay} 次，该账号今天已用 ${p.used} 次，再刷新会返回 45009。计数在北京时间 0 点（${f.at(p.retryAt)}）重置。`,
  }),
  locked: message<{ errcode: number; until: number }>({
    en: (p, f) =>
      `WeChat blocks calls from this IP until ${f.at(p.until)} (${p.errcode}); a call now would only extend the wait.`,
    'zh-CN': (p, f) => `微信在 ${f.at(p.until)} 之前拒绝来自本机 IP 的调用（${p.errcode}）；现在调用只会延长封禁。`,
  }),
  budget: message<{ failures: number; retryAt: number }>({
    en: (p, f) =>
      `${p.failures} calls to WeChat failed for this account in the last hour, the most TokenDesk allows: it tries again after ${f.at(p.retryAt)}.`,
    'zh-CN': (p, f) =>
      `该账号在过去一小时内有 ${p.failures} 次调用微信失败，已达 TokenDesk 允许的上限：将在 ${f.at(p.retryAt)} 之后再试。`,
  }),

  'quota-exhausted': message<{ errcode: number; until: number }>({
    en: (p, f) =>
      `This AppID's daily token quota is used up (WeChat answered ${p.errcode}). It resets at 00:00 Beijing time (${f.at(p.until)}); clear the quota (clear_quota) to get tokens sooner.`,
    'zh-CN': (p, f) =>
      `该 AppID 今天获取令牌的额度已用完（微信返回 ${p.errcode}）。额度在北京时间 0 点（${f.at(p.until)}）重置；清零额度（clear_quota）可以更早获取令牌。`,
  }),
  'clear-quota-monthly-limit': message<{ perMonth: number; used: number; retryAt: number }>({
    en: (p, f) =>
      `WeChat allows ${p.perMonth} quota clears a month and this AppID has used ${p.used} this month; more would fail with 48006. The next one is possible from 00:00 Beijing time, ${f.at(p.retryAt)}.`,
    'zh-CN': (p, f) =>
      `微信每月允许清零额度 ${p.perMonth} 次，该 AppID 本月已用 ${p.used} 次，再清零会返回 48006。下一次可在北京时间 0 点（${f.at(p.retryAt)}）之后进行。`,
  }),

  // ── why no token can be handed out ──────────────────────────────────────────────────────────────────────────────
  'removed-while-fetching': message({
    en: () => 'The account was removed while its token was being fetched.',
    'zh-CN': () => '获取令牌期间该账号已被删除。',
  }),
  'changed-while-fetching': message({
    en: () => "The account's settings changed while its token was being fetched: ask again.",
    'zh-CN': () => '获取令牌期间账号设置发生了变化：请重新获取。',
  }),
  'refresh-floor': message<{ lifetimeSeconds: number; gapSeconds: number; nextAt: number }>({
    en: (p, f) =>
      `WeChat's last token for this account lived only ${p.lifetimeSeconds} s. TokenDesk fetches one automatically at most every ${p.gapSeconds} s per account, so a tiny expires_in can't flood WeChat: the next one at ${f.at(p.nextAt)}, or refresh by hand.`,
    'zh-CN': (p, f) =>
      `微信上一次给该账号的令牌只有 ${p.lifetimeSeconds} 秒有效期。TokenDesk 每个账号最多每 ${p.gapSeconds} 秒自动获取一次，以免过短的 expires_in 冲击微信：下一次在 ${f.at(p.nextAt)}，也可以手动刷新。`,
  }),
  'no-valid-token': message({
    en: () => 'No valid token is available.',
    'zh-CN': () => '当前没有有效的令牌。',
  }),

  // ── why the engine paused or is retrying ────────────────────────────────────────────────────────────────────────
  'network-retrying': message<{ reason: string; detail: string }>({
    en: (p) => `Network error (${p.reason}): ${p.detail}. Retrying with backoff.`,
    'zh-CN': (p) => `网络错误（${p.reason}）：${p.detail}。正在退避重试。`,
  }),
  'insecure-base-paused': message<{ detail: string }>({
    en: (p) => `${p.detail}. Auto-refresh is paused until you change the account's base URL.`,
    'zh-CN': () =>
      '未发送：该地址要通过明文 http:// 访问，凭据会以未加密方式经过网络。请改用 https:// 基础 URL（明文 http:// 仅限本机，例如本地代理）。自动刷新已暂停，直到你修改账号的基础 URL。',
  }),
  'bad-response-retrying': message<{ detail: string }>({
    en: (p) => `Unexpected answer: ${p.detail}. Retrying with backoff; if it persists, check the account's base URL.`,
    'zh-CN': (p) => `意外的应答：${p.detail}。正在退避重试；如果一直如此，请检查账号的基础 URL。`,
  }),
  'wechat-retrying': message<WeChatParams>({
    en: (p, f) => `${f.wechat(p.errcode, p.errmsg, p.family)} Retrying with backoff.`,
    'zh-CN': (p, f) => `${f.wechat(p.errcode, p.errmsg, p.family)} 正在退避重试。`,
  }),
  'wechat-paused': message<WeChatParams>({
    en: (p, f) =>
      `${f.wechat(p.errcode, p.errmsg, p.family)} Auto-refresh is paused until you refresh by hand or change the account.`,
    'zh-CN': (p, f) => `${f.wechat(p.errcode, p.errmsg, p.family)} 自动刷新已暂停，直到你手动刷新或修改账号。`,
  }),
  'quota-paused': message<WeChatParams & { resetsAt: number }>({
    en: (p, f) =>
      `${f.wechat(p.errcode, p.errmsg, p.family)} The daily quota resets at 00:00 Beijing time (${f.at(p.resetsAt)}). Auto-refresh is paused until you refresh by hand or change the account.`,
    'zh-CN': (p, f) =>
      `${f.wechat(p.errcode, p.errmsg, p.family)} 每日额度在北京时间 0 点（${f.at(p.resetsAt)}）重置。自动刷新已暂停，直到你手动刷新或修改账号。`,
  }),
  'fetch-crashed': message<{ detail: string }>({
    en: (p) => `Internal error while fetching: ${p.detail}`,
    'zh-CN': (p) => `获取令牌时发生内部错误：${p.detail}`,
  }),
  'refreshed-elsewhere': message<{ at: number }>({
    en: (p, f) =>
      `Another party refreshed this AppID's token (WeChat refused ours at ${f.at(p.at)}). A classic refresh here would invalidate theirs in turn: find the other refresher, or refresh here on purpose.`,
    'zh-CN': (p, f) =>
      `另一方刷新了该 AppID 的令牌（微信在 ${f.at(p.at)} 拒绝了我们的令牌）。在这里用普通接口刷新会反过来让对方的令牌失效：请找到另一个刷新方，或有意在这里刷新。`,
  }),

  // ── team mode: tokens followed from Redis or a central service ────────────────────────────────────────────────────
  'redis-url-invalid': message<{ input: string }>({
    en: (p) => `"${p.input}" is not a URL. Use redis://host:6379 or rediss://host:6380/0.`,
    'zh-CN': (p) => `“${p.input}”不是网址。请使用 redis://host:6379 或 rediss://host:6380/0。`,
  }),
  'redis-url-scheme': message<{ scheme: string }>({
    en: (p) => `A Redis URL starts with redis:// or rediss:// (TLS), not ${p.scheme}//.`,
    'zh-CN': (p) => `Redis 网址须以 redis:// 或 rediss://（TLS）开头，而不是 ${p.scheme}//。`,
  }),
  'redis-url-db': message<{ value: string }>({
    en: (p) => `"${p.value}" is not a Redis database index: put a number after the host, e.g. redis://host:6379/2.`,
    'zh-CN': (p) => `“${p.value}”不是 Redis 数据库编号：请在主机后写数字，例如 redis://host:6379/2。`,
  }),
  'team-key-template-needed': message<{ format: string }>({
    en: (p) =>
      `The ${p.format} format needs a key template with {appid} where the AppID goes, e.g. team:token:{appid}.`,
    'zh-CN': (p) => `${p.format} 格式需要一个键模板，用 {appid} 表示 AppID 的位置，例如 team:token:{appid}。`,
  }),
  'followed-token-missing': message<{ key: string }>({
    en: (p) =>
      `The team's token is not in Redis (key ${p.key}). The team server has not written it yet, or the key, prefix or format is wrong: check them with "Test connection".`,
    'zh-CN': (p) =>
      `Redis 中没有团队的令牌（键 ${p.key}）。团队服务器尚未写入，或键、前缀、格式不对：请用“测试连接”检查。`,
  }),
  'followed-token-expired': message<{ key: string; at: number }>({
    en: (p, f) =>
      `The team server let this token expire at ${f.at(p.at)} and has not written a new one (key ${p.key}). TokenDesk does not fetch a followed token itself: ask whoever runs the team server.`,
    'zh-CN': (p, f) =>
      `团队服务器让该令牌在 ${f.at(p.at)} 过期，且没有写入新令牌（键 ${p.key}）。TokenDesk 不会自行获取跟随的令牌：请联系团队服务器的负责人。`,
  }),
  'followed-unexpected-format': message<{ key: string; reason: string; sample: string }>({
    en: (p) =>
      `The value at ${p.key} is not in the chosen format: ${p.reason}. Found: ${p.sample}. Pick the format the team's SDK uses.`,
    'zh-CN': (p) => `${p.key} 处的值不是所选格式：${p.reason}。实际内容：${p.sample}。请选择团队 SDK 使用的格式。`,
  }),
  'followed-source-unreachable': message<{ source: string; detail: string }>({
    en: (p) =>
      `TokenDesk cannot read the team's token from ${p.source}: ${p.detail}. It keeps trying; check the address, the password and the network.`,
    'zh-CN': (p) => `TokenDesk 无法从 ${p.source} 读取团队的令牌：${p.detail}。它会继续重试；请检查地址、密码和网络。`,
  }),
  'publish-format-refused': message<{ choices: string }>({
    en: (p) =>
      `Publish in one of these formats: ${p.choices}. Senparc's bag holds an AppSecret, so TokenDesk never writes it.`,
    'zh-CN': (p) => `请使用以下格式之一发布：${p.choices}。Senparc 的数据包含 AppSecret，TokenDesk 从不写入。`,
  }),
  'followed-no-fetch': message({
    en: () =>
      "This account follows the team's token: TokenDesk never fetches or force-refreshes it. Ask the team server to refresh it.",
    'zh-CN': () => '该账号跟随团队的令牌：TokenDesk 从不自行获取或强制刷新它。请让团队服务器刷新。',
  }),
  // ── API console, IP probe, JS-SDK tickets (issue 13) ─────────────────────────────────────────────────────────────
  'ticket-type-mismatch': message<{ type: string; kind: string }>({
    en: (p) =>
      `A ${p.kind} account has no "${p.type}" ticket: Official Accounts have jsapi and wx_card, WeCom apps wecom-corp and wecom-agent.`,
    'zh-CN': (p) =>
      `${p.kind} 类型的账号没有“${p.type}”票据：公众号有 jsapi 和 wx_card，企业微信应用有 wecom-corp 和 wecom-agent。`,
  }),
  'console-path-invalid': message<{ path: string }>({
    en: (p) =>
      `"${p.path}" is not an API path: enter one like /cgi-bin/menu/get, without host or access_token (TokenDesk adds the token).`,
    'zh-CN': (p) =>
      `“${p.path}”不是接口路径：请填写形如 /cgi-bin/menu/get 的路径，不带主机名和 access_token（TokenDesk 会自动加上）。`,
  }),
  'console-foreign-host': message<{ host: string; base: string }>({
    en: (p) =>
      `The console sends the account's token only to its API base ${p.base}, not to ${p.host}. Enter the path alone, or change the account's API base.`,
    'zh-CN': (p) =>
      `控制台只把该账号的令牌发往它的接口地址 ${p.base}，不会发往 ${p.host}。请只填写路径，或修改账号的接口地址。`,
  }),
  'console-body-not-json': message<{ detail: string }>({
    en: (p) => `The request body is not JSON (${p.detail}). Fix it, or leave it empty.`,
    'zh-CN': (p) => `请求体不是 JSON（${p.detail}）。请修正，或留空。`,
  }),
  'console-body-needs-post': message({
    en: () => 'A GET request has no body: choose POST, or put the parameters in the query.',
    'zh-CN': () => 'GET 请求没有请求体：请改用 POST，或把参数放进查询参数。',
  }),
} as const;

export type CoreMessageCode = keyof typeof CORE_MESSAGES;
export type CoreMessageParams<C extends CoreMessageCode> = Parameters<(typeof CORE_MESSAGES)[C]['en']>[0];

/** A message as it crosses the contract: which one, and the facts it needs. */
export type CoreMessage = { [C in CoreMessageCode]: { code: C; params: CoreMessageParams<C> } }[CoreMessageCode];

/** Builds a CoreMessage with its params checked against the code. */
export function coreMessage<C extends CoreMessageCode>(code: C, params: CoreMessageParams<C>): CoreMessage {
  return { code, params } as CoreMessage;
}

export function isCoreMessageCode(code: unknown): code is CoreMessageCode {
  return typeof code === 'string' && Object.hasOwn(CORE_MESSAGES, code);
}

function messageFormat(locale: CoreLocale): MessageFormat {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  return {
    at: (epochMs) => dateTime.format(new Date(epochMs)),
    wechat: (errcode, errmsg, family) => {
      const entry = lookupError(errcode, family === 'wecom' ? 'wecom' : 'wechat', 'fetch');
      if (entry) return `${entry.meaning[locale]} ${entry.action[locale]}`;
      return locale === 'zh-CN'
        ? `微信返回错误码 ${errcode}（${errmsg}）。`
        : `WeChat answered errcode ${errcode} (${errmsg}).`;
    },
  };
}

/** The message in a language. An unknown code (from a newer core) is shown as its code, never dropped. */
export function formatCoreMessage(message: { code: string; params?: unknown }, locale: CoreLocale): string {
  if (!isCoreMessageCode(message.code)) return message.code;
  const template = CORE_MESSAGES[message.code][locale] as Template<Params>;
  return template((message.params ?? {}) as Params, messageFormat(locale));
}
