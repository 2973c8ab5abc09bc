import type { HealthKind } from '../contract/health';
import type { CoreLocale } from './core-messages';

/**
 * The words of TokenDesk's native surfaces outside the page — the tray menu, the app menu, notifications — in both
 * languages. The page has its own catalogue (renderer/src/i18n/messages.ts); reasons come from the core's
 * (core-messages.ts). Plain TypeScript, so the shell's templates are tested without Electron.
 */
export interface ShellLabels {
  health: Record<HealthKind, string>;
  noToken: string;
  production: string;
  copyToken: string;
  noAccounts: string;
  showWindow: string;
  quit: string;
  fileMenu: string;
  editMenu: string;
  viewMenu: string;
  windowMenu: string;
  closeWindow: string;
  /** "1h 02m" / "2m 05s": a tray line can't tick, so minutes are the useful precision. */
  timeLeft: (hours: number, minutes: number, seconds: number) => string;
  notifyRefreshedElsewhere: (label: string) => string;
  notifyState: (label: string, state: string, reason: string | undefined) => string;
  keptRunningTitle: string;
  keptRunningBody: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

export const SHELL_LABELS: Record<CoreLocale, ShellLabels> = {
  en: {
    health: {
      ok: 'OK',
      refreshing: 'Refreshing',
      retrying: 'Retrying',
      actionNeeded: 'Action needed',
      pausedByYou: 'Paused by you',
      expired: 'Expired',
    },
    noToken: 'No token yet',
    production: 'PROD',
    copyToken: 'Copy token',
    noAccounts: 'No accounts yet',
    showWindow: 'Show TokenDesk',
    quit: 'Quit TokenDesk',
    fileMenu: 'File',
    editMenu: 'Edit',
    viewMenu: 'View',
    windowMenu: 'Window',
    closeWindow: 'Close Window',
    timeLeft: (hours, minutes, seconds) => (hours > 0 ? `${hours}h ${pad(minutes)}m` : `${minutes}m ${pad(seconds)}s`),
    notifyRefreshedElsewhere: (label) => `${label}: another party refreshed this AppID's token; ours no longer works.`,
    notifyState: (label, state, reason) => `${label}: ${state}${reason ? ` — ${reason}` : ''}`,
    keptRunningTitle: 'TokenDesk keeps refreshing',
    keptRunningBody:
      'The window is closed, but tokens stay fresh from the tray. Quit from the tray menu to stop (Settings can change this).',
  },
  'zh-CN': {
    health: {
      ok: '正常',
      refreshing: '刷新中',
      retrying: '重试中',
      actionNeeded: '需要处理',
      pausedByYou: '已由你暂停',
      expired: '已过期',
    },
    noToken: '尚无令牌',
    production: '生产',
    copyToken: '复制令牌',
    noAccounts: '还没有账号',
    showWindow: '显示 TokenDesk',
    quit: '退出 TokenDesk',
    fileMenu: '文件',
    editMenu: '编辑',
    viewMenu: '视图',
    windowMenu: '窗口',
    closeWindow: '关闭窗口',
    timeLeft: (hours, minutes, seconds) =>
      hours > 0 ? `${hours} 小时 ${pad(minutes)} 分` : `${minutes} 分 ${pad(seconds)} 秒`,
    notifyRefreshedElsewhere: (label) => `${label}：另一方刷新了该 AppID 的令牌，我们的令牌已失效。`,
    notifyState: (label, state, reason) => `${label}：${state}${reason ? `——${reason}` : ''}`,
    keptRunningTitle: 'TokenDesk 仍在刷新',
    keptRunningBody: '窗口已关闭，但令牌仍在托盘中保持新鲜。要停止，请在托盘菜单中退出（可在设置中更改）。',
  },
};

/** The UI language setting resolved: 'system' follows the OS locale (any Chinese locale → zh-CN, else en). */
export function resolveShellLocale(setting: 'system' | CoreLocale, osLocale: string): CoreLocale {
  if (setting !== 'system') return setting;
  return /^zh/i.test(osLocale) ? 'zh-CN' : 'en';
}
