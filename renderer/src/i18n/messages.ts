/** UI strings in both languages. English is the reference: a key missing from zh-CN fails the typecheck. */
export const en = {
  'app.name': 'TokenDesk',
  'sidebar.filter': 'Filter accounts',
  'sidebar.addAccount': 'Add account',
  'sidebar.noAccounts': 'No accounts yet',
  'sidebar.settings': 'Settings',
  'empty.title': 'Add your first account',
  'empty.body':
    'TokenDesk keeps your AppSecrets in the system keychain and your access_tokens fresh — with live countdowns, copy buttons and the raw JSON of every exchange with WeChat.',
  'empty.kinds': 'Official Accounts, Mini Programs, WeCom apps and test accounts',
  'empty.fake.title': 'No WeChat account at hand?',
  'empty.fake.body': 'Start the bundled fake WeChat server and add one of its accounts, with its URL as the API base:',
  'status.connecting': 'Connecting to TokenDesk…',
  'status.preview': 'Browser preview',
  'error.unreachable': 'TokenDesk’s core did not answer',
  'copy.copied': 'Copied',
  'copy.failed': 'Copy failed',
} as const;

export type MessageKey = keyof typeof en;

export const zhCN: Record<MessageKey, string> = {
  'app.name': 'TokenDesk',
  'sidebar.filter': '筛选账号',
  'sidebar.addAccount': '添加账号',
  'sidebar.noAccounts': '还没有账号',
  'sidebar.settings': '设置',
  'empty.title': '添加你的第一个账号',
  'empty.body':
    'TokenDesk 把 AppSecret 保存在系统钥匙串中，并让 access_token 始终保持新鲜——带实时倒计时、复制按钮，以及与微信每次交互的原始 JSON。',
  'empty.kinds': '支持公众号、小程序、企业微信应用和测试号',
  'empty.fake.title': '手头没有微信账号？',
  'empty.fake.body': '启动自带的模拟微信服务器，并以它的地址作为 API 基础地址添加其中的账号：',
  'status.connecting': '正在连接 TokenDesk…',
  'status.preview': '浏览器预览',
  'error.unreachable': 'TokenDesk 核心没有响应',
  'copy.copied': '已复制',
  'copy.failed': '复制失败',
};

export type UiLanguage = 'en' | 'zh-CN';

export const catalogs: Record<UiLanguage, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** 'system' follows the OS locale: any Chinese locale gets zh-CN, everything else English. */
export function resolveLanguage(setting: 'system' | UiLanguage, osLocale: string): UiLanguage {
  if (setting !== 'system') return setting;
  return osLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
