import type { CliLocale } from './explain-error';

const USAGE_EN = `Usage: tokendesk <command> [options]

Accounts
  accounts list [--json]                          the accounts, their secrets and cached tokens
  accounts add --label L --kind K --app-id ID [--env E] [--mode M]
                                                  the AppSecret is read from stdin, or a hidden prompt
                                                  K: officialAccount | miniProgram | wecom | testAccount
                                                  E: production | staging | test    M: stable | classic | wecom
  accounts add … --source redis --redis-url URL --format F [--key-prefix P]
                                                  follow the team's token in Redis (no secret is read; a password
                                                  in the URL goes to the keychain); never fetched from WeChat
                                                  F: wxjava | senparc | easywechat | wechatpy | silenceper | custom
                                                  [--key-template T] [--value-field PATH] [--agent-id N]
  accounts add … --source central --central-url URL [--token-field PATH]
                                                  follow a team's token service (/cgi-bin/token shape)
  accounts remove <label|appid>                   also deletes its secret and cached token from the keychain
  accounts import FILE | -                        many at once: JSON array or CSV (label,kind,app_id,env,mode);
                                                  a secret column only on stdin (import - < FILE), else prompted
  accounts export [--format json|csv]             the accounts, never their secrets

Tokens
  token <label|appid> [--json]                    prints the access_token (only the token, unless --json)
        [--refresh]                               a new token unless the current one was just renewed
        [--force --yes]                           stable_token force_refresh: invalidates the current token
  check <label|appid>                             does WeChat accept the current token? (get_api_domain_ip)
  quota <label|appid>                             the token API's daily quota (openapi/quota/get)

API console and JS-SDK
  call <label|appid> <GET|POST> <path> [--query k=v …] [--data JSON|@file] [--json]
                                                  any API with the managed token; the body on stdout,
                                                  exit 4 on a WeChat errcode; 40001/42001: renew + one retry
  ip <label|appid> [--json]                       the IP WeChat sees this machine's calls come from
  ticket <label|appid> [--type T] [--json]        a JS-SDK ticket, cached like tokens
                                                  T: jsapi | wx_card (WeCom: wecom-corp | wecom-agent)
  sign <label|appid> --url URL [--noncestr S] [--timestamp T] [--json]
                                                  the JS-SDK signature (wx.config snippet on stderr)

Local endpoint
  serve [--port N]                                headless refresher + local endpoint (default port 17878)
  endpoint [--show-key | --rotate-key]            the endpoint's state; the key is printed on the last line
  postman-env <label|appid>                       a Postman / Apifox environment for the account, on stdout

Publish (while a refresher runs, it writes managed tokens into a Redis, as an SDK would)
  publish add <label|appid> --redis-url URL --format F [--key-prefix P] [--key-template T]
                                                  F: wxjava | wechatpy | silenceper | easywechat | custom
  publish list [--json]                           where each token is written, and under which key
  publish remove <label|appid>                    stop publishing the account's token

Environment
  TOKENDESK_HOME              data dir (default: the app's, e.g. ~/.config/TokenDesk)
  TOKENDESK_API_BASE          WeChat API base URL (default https://api.weixin.qq.com)
  TOKENDESK_KEYCHAIN_SERVICE  keychain service name (default TokenDesk)

Exit codes: 0 ok · 1 internal error · 2 usage · 3 unknown account · 4 WeChat error · 5 network ·
            6 keychain · 7 another refresher / refresher unreachable · 8 cancelled · 9 refused by a safety rule`;

const USAGE_ZH = `用法：tokendesk <命令> [选项]

账号
  accounts list [--json]                          列出账号、是否保存了密钥、缓存令牌的剩余时间
  accounts add --label L --kind K --app-id ID [--env E] [--mode M]
                                                  AppSecret 从标准输入或隐藏的提示中读取
                                                  K：officialAccount | miniProgram | wecom | testAccount
                                                  E：production | staging | test    M：stable | classic | wecom
  accounts add … --source redis --redis-url URL --format F [--key-prefix P]
                                                  跟随团队放在 Redis 中的令牌（不读取密钥；URL 中的密码
                                                  存入钥匙串）；从不向微信获取
                                                  F：wxjava | senparc | easywechat | wechatpy | silenceper | custom
                                                  [--key-template T] [--value-field PATH] [--agent-id N]
  accounts add … --source central --central-url URL [--token-field PATH]
                                                  跟随团队的令牌服务（/cgi-bin/token 格式）
  accounts remove <名称|appid>                    同时从钥匙串删除它的密钥和缓存令牌
  accounts import FILE | -                        批量导入：JSON 数组或带表头的 CSV（label,kind,app_id,env,mode）；
                                                  secret 列只从标准输入读取（import - < FILE），否则逐个提示输入
  accounts export [--format json|csv]             导出账号，从不包含密钥

令牌
  token <名称|appid> [--json]                     打印 access_token（只有令牌本身，除非加 --json）
        [--refresh]                               获取新令牌，除非当前令牌刚被更新过
        [--force --yes]                           stable_token force_refresh：让当前令牌失效
  check <名称|appid>                              微信是否接受当前令牌？（get_api_domain_ip）
  quota <名称|appid>                              令牌接口的每日额度（openapi/quota/get）

接口控制台与 JS-SDK
  call <名称|appid> <GET|POST> <路径> [--query k=v …] [--data JSON|@文件] [--json]
                                                  用托管的令牌调用任意接口；响应体输出到标准输出，
                                                  微信返回 errcode 时退出码为 4；40001/42001：更新令牌并重试一次
  ip <名称|appid> [--json]                        微信看到的本机调用 IP
  ticket <名称|appid> [--type T] [--json]         JS-SDK 票据，像令牌一样缓存
                                                  T：jsapi | wx_card（企业微信：wecom-corp | wecom-agent）
  sign <名称|appid> --url URL [--noncestr S] [--timestamp T] [--json]
                                                  JS-SDK 签名（wx.config 代码片段输出到标准错误）

本地接口
  serve [--port N]                                无界面的刷新方 + 本地接口（默认端口 17878）
  endpoint [--show-key | --rotate-key]            本地接口的状态；密钥打印在最后一行
  postman-env <名称|appid>                        账号的 Postman / Apifox 环境文件，输出到标准输出

发布（刷新方运行时，按 SDK 的格式把托管的令牌写入 Redis）
  publish add <名称|appid> --redis-url URL --format F [--key-prefix P] [--key-template T]
                                                  F：wxjava | wechatpy | silenceper | easywechat | custom
  publish list [--json]                           每个令牌写到哪里、用哪个键
  publish remove <名称|appid>                     停止发布该账号的令牌

环境变量
  TOKENDESK_HOME              数据目录（默认与应用相同，例如 ~/.config/TokenDesk）
  TOKENDESK_API_BASE          微信 API 基础 URL（默认 https://api.weixin.qq.com）
  TOKENDESK_KEYCHAIN_SERVICE  钥匙串服务名（默认 TokenDesk）

退出码：0 成功 · 1 内部错误 · 2 用法错误 · 3 未知账号 · 4 微信错误 · 5 网络 ·
        6 钥匙串 · 7 另一个刷新方 / 无法联系刷新方 · 8 已取消 · 9 被安全规则拒绝`;

/** The help text in the CLI's language: `tokendesk --help`, and on a usage error. */
export function usage(locale: CliLocale): string {
  return locale === 'zh-CN' ? USAGE_ZH : USAGE_EN;
}

/** The CLI's own lines around the help and for a bug, in its language. */
export const CLI_TEXT = {
  en: {
    unknownCommand: (name: string) => `Unknown command "${name}".`,
    seeHelp: 'Run `tokendesk --help` for usage.',
    internalError: 'TokenDesk hit an internal error (please report it):',
  },
  'zh-CN': {
    unknownCommand: (name: string) => `未知命令“${name}”。`,
    seeHelp: '运行 `tokendesk --help` 查看用法。',
    internalError: 'TokenDesk 遇到内部错误（请报告给我们）：',
  },
} satisfies Record<CliLocale, unknown>;
