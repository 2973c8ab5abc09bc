/** The help text: `tokendesk --help`, and on a usage error. */
export const USAGE = `Usage: tokendesk <command> [options]

Accounts
  accounts list [--json]                          the accounts, their secrets and cached tokens
  accounts add --label L --kind K --app-id ID [--env E] [--mode M]
                                                  the AppSecret is read from stdin, or a hidden prompt
                                                  K: officialAccount | miniProgram | wecom | testAccount
                                                  E: production | staging | test    M: stable | classic | wecom
  accounts remove <label|appid>                   also deletes its secret and cached token from the keychain

Tokens
  token <label|appid> [--json]                    prints the access_token (only the token, unless --json)
        [--refresh]                               a new token unless the current one was just renewed
        [--force --yes]                           stable_token force_refresh: invalidates the current token
  check <label|appid>                             does WeChat accept the current token? (get_api_domain_ip)
  quota <label|appid>                             the token API's daily quota (openapi/quota/get)

Local endpoint
  serve [--port N]                                headless refresher + local endpoint (default port 17878)
  endpoint [--show-key | --rotate-key]            the endpoint's state; the key is printed on the last line
  postman-env <label|appid>                       a Postman / Apifox environment for the account, on stdout

Environment
  TOKENDESK_HOME              data dir (default: the app's, e.g. ~/.config/TokenDesk)
  TOKENDESK_API_BASE          WeChat API base URL (default https://api.weixin.qq.com)
  TOKENDESK_KEYCHAIN_SERVICE  keychain service name (default TokenDesk)

Exit codes: 0 ok · 1 internal error · 2 usage · 3 unknown account · 4 WeChat error · 5 network ·
            6 keychain · 7 another refresher / refresher unreachable · 8 cancelled · 9 refused by a safety rule`;
