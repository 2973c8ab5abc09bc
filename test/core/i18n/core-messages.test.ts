import { describe, expect, it } from 'vitest';
import { ContractError, coreMessageOf } from '../../../electron/core/contract/bridge';
import {
  CORE_LOCALES,
  CORE_MESSAGES,
  formatCoreMessage,
  type CoreMessageCode,
} from '../../../electron/core/i18n/core-messages';
import { UserError } from '../../../electron/core/user-error';

const codes = Object.keys(CORE_MESSAGES) as CoreMessageCode[];

/** Params for any template: every name reads as a number, which also stands in for a time (epoch ms) or an errcode. */
const anyParams = new Proxy({}, { get: (_target, name) => (name === 'family' ? 'wechat' : 40164) });

describe('the core message catalogue', () => {
  it.each(codes)('words %s in every language, Chinese in zh-CN', (code) => {
    for (const locale of CORE_LOCALES) {
      const template = (CORE_MESSAGES[code] as unknown as Record<string, unknown>)[locale];
      expect(template, `${code} has no ${locale} template`).toBeTypeOf('function');
      const text = formatCoreMessage({ code, params: anyParams }, locale);
      expect(text.trim()).not.toBe('');
      expect(text).not.toContain('undefined');
    }
    expect(formatCoreMessage({ code, params: anyParams }, 'zh-CN')).toMatch(/\p{Script=Han}/u);
  });

  it('formats times per locale, from epoch ms', () => {
    const retryAt = Date.UTC(2026, 10, 25, 16, 0, 0);
    const message = { code: 'force-daily-limit', params: { perDay: 20, used: 20, retryAt } } as const;
    const en = formatCoreMessage(message, 'en');
    const zh = formatCoreMessage(message, 'zh-CN');
    expect(en).toContain(new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' }).format(retryAt));
    expect(zh).toContain(
      new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'medium' }).format(retryAt),
    );
    expect(zh).toContain('20');
  });

  it("explains WeChat's refusal from the errcode catalogue in the reader's language", () => {
    const paused = {
      code: 'wechat-paused',
      params: { errcode: 40164, errmsg: 'invalid ip 203.0.113.7, not in whitelist', family: 'wechat' },
    } as const;
    expect(formatCoreMessage(paused, 'en')).toMatch(/whitelist/i);
    expect(formatCoreMessage(paused, 'zh-CN')).toMatch(/白名单/);
    const unknown = { ...paused, params: { ...paused.params, errcode: 99999, errmsg: 'mystery' } };
    expect(formatCoreMessage(unknown, 'zh-CN')).toContain('99999（mystery）');
  });

  it('shows a code it does not know (from a newer core) as the code, never nothing', () => {
    expect(formatCoreMessage({ code: 'from-the-future', params: {} }, 'en')).toBe('from-the-future');
  });
});

describe('UserError', () => {
  it('carries the code and params, with the English text as its message for logs', () => {
    const error = new UserError({ code: 'unknown-account', params: { accountId: 'a1' } });
    expect(error.code).toBe('unknown-account');
    expect(error.params).toEqual({ accountId: 'a1' });
    expect(error.coreMessage).toEqual({ code: 'unknown-account', params: { accountId: 'a1' } });
    expect(error.message).toBe('There is no account with id "a1": it may have been removed.');
  });
});

describe('a failed call on its way into the page', () => {
  it('keeps its code and params even where only the Error’s message survives (Electron’s contextBridge)', () => {
    const thrown = new ContractError({ code: 'locked', params: { errcode: 89503, until: 1_800_000_000_000 } });
    const copiedByContextBridge = new Error(thrown.message);
    expect(coreMessageOf(copiedByContextBridge)).toEqual({
      code: 'locked',
      params: { errcode: 89503, until: 1_800_000_000_000 },
    });
    expect(coreMessageOf(new Error('{"code":"not-ours","params":{}}'))).toBeUndefined();
    expect(coreMessageOf(new Error('Failed to fetch'))).toBeUndefined();
  });
});
