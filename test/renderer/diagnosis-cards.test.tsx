import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../electron/core/contract/api-types';
import type { AccountView, QuotaView } from '../../electron/core/contract/views';
import { UserError } from '../../electron/core/user-error';
import { lookupError } from '../../electron/core/wechat/catalogue';
import type { Exchange, RidResult } from '../../electron/core/wechat/types';
import { ApiProvider } from '../../renderer/src/api-context';
import { DiagnosisCards } from '../../renderer/src/components/DiagnosisCards';
import { formatClockTime } from '../../renderer/src/format/duration';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { callsTo, contractApi } from './support/contract-api';
import { accountView, APP_ID, realErrmsg, refusal, success, T0 } from './support/wechat-fixtures';

function renderCards(account: AccountView, language: UiLanguage, handlers: Partial<Handlers> = {}) {
  const api = contractApi({ writeClipboard: () => ({ written: true }), ...handlers });
  render(
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <DiagnosisCards account={account} />
      </I18nProvider>
    </ApiProvider>,
  );
  return api;
}

const token = {
  value: 'ACCESS_TOKEN_STILL_VALID',
  obtainedAt: T0 - 60_000,
  expiresAt: T0 + 7_140_000,
  mode: 'stable' as const,
};

describe('<DiagnosisCards> 40164: IP not whitelisted', () => {
  const errmsg = realErrmsg('wechat', 40164, '125.33.201.21');
  const failure = refusal({ call: 'stable-token', errcode: 40164, errmsg });

  it('names the IP WeChat saw (not its ::ffff: form), copies it, and says where the whitelist is (en)', async () => {
    const api = renderCards(accountView({ lastFailure: failure }), 'en');
    const card = screen.getByTestId('diag-ip');
    expect(within(card).getByRole('heading').textContent).toBe('40164 WeChat saw your request from 125.33.201.21');
    expect(card.querySelector('.console-path')!.textContent).toBe(
      // The consoles are Chinese-only: their menu names appear as the user will see them.
      '微信开发者平台 (WeChat Developer Platform) → 我的业务 → 公众号/服务号 → 基础信息 → 开发信息 → IP白名单 (older consoles: 开发 → 基本配置)',
    );
    expect(screen.queryByTestId('diag-ip-changed')).toBeNull();
    // The console opens in the browser (https only; the app's window-open handler refuses anything else).
    expect(within(card).getByRole('link', { name: 'Open the console ↗' }).getAttribute('href')).toBe(
      'https://mp.weixin.qq.com/',
    );
    // The IP card is the explanation: the generic catalogue card would only repeat it.
    expect(screen.queryByTestId('diag-40164')).toBeNull();

    fireEvent.click(within(card).getByRole('button', { name: 'Copy IP' }));
    await waitFor(() => expect(within(card).getByTestId('copy-ip').textContent).toBe('Copied'));
    expect(callsTo(api, 'clipboard:write')).toEqual([['125.33.201.21']]);
  });

  it('speaks Chinese and points a Mini Program at its own console (zh-CN)', () => {
    renderCards(accountView({ kind: 'miniProgram', lastFailure: failure }), 'zh-CN');
    const card = screen.getByTestId('diag-ip');
    expect(within(card).getByRole('heading').textContent).toBe('40164 微信看到你的请求来自 125.33.201.21');
    expect(within(card).getByText('该 IP 不在此账号的 IP 白名单中。添加后等待一分钟，再刷新。')).toBeTruthy();
    expect(card.querySelector('.console-path')!.textContent).toBe(
      '小程序后台 → 开发管理 → 开发设置 → 开发者ID → IP白名单',
    );
    expect(within(card).getByRole('button', { name: '复制 IP' })).toBeTruthy();
  });

  it('says the IP changed only when the last success came from another IP', () => {
    renderCards(accountView({ lastFailure: failure, lastSuccessIp: '125.33.201.21' }), 'en');
    expect(screen.queryByTestId('diag-ip-changed')).toBeNull();
  });

  it('says the IP changed, naming the old one, when it did (en)', () => {
    renderCards(accountView({ lastFailure: failure, lastSuccessIp: '117.39.59.7' }), 'en');
    expect(screen.getByTestId('diag-ip-changed').textContent).toBe(
      'Your IP changed since the last success (was 117.39.59.7).',
    );
  });

  it('says the IP changed in Chinese too', () => {
    renderCards(accountView({ lastFailure: failure, lastSuccessIp: '117.39.59.7' }), 'zh-CN');
    expect(screen.getByTestId('diag-ip-changed').textContent).toBe(
      '自上次成功以来你的 IP 已变化（原为 117.39.59.7）。',
    );
  });

  // Regression test (was broken in DiagnosisCards.tsx, `const ip = outcome.facts.ip ?? outcome.facts.fromIp`): from an IPv6-only egress the
  // catalogue parses the address into facts.ipv6, which the cards never read, so there is no IP card and no Copy IP;
  // the generic 40164 card that shows instead says "Add the IPv4 shown here", and none is shown.
  it('names an IPv6 address WeChat saw from an IPv6-only egress', () => {
    const ipv6 = refusal({ call: 'stable-token', errcode: 40164, errmsg: realErrmsg('wechat', 40164, '2408:8207') });
    renderCards(accountView({ lastFailure: ipv6 }), 'en');
    expect(screen.getByTestId('diag-ip').textContent).toContain('2408:8207:2460:5a90::1');
  });
});

describe('<DiagnosisCards> 60020: WeCom trusted IPs', () => {
  it('names the `from ip:` and the WeCom console path, in both languages', () => {
    const errmsg = realErrmsg('wecom', 60020);
    const account = accountView({
      kind: 'wecom',
      appId: 'ww0123456789abcdef',
      tokenMode: 'wecom',
      lastFailure: refusal({ call: 'wecom-token', errcode: 60020, errmsg }),
    });
    renderCards(account, 'en');
    let card = screen.getByTestId('diag-ip');
    expect(within(card).getByRole('heading').textContent).toBe('60020 WeChat saw your request from 171.43.188.73');
    expect(card.querySelector('.console-path')!.textContent).toBe(
      '企业微信管理后台 (WeCom admin) → 应用管理 → your app → 企业可信IP (Trusted IPs)',
    );
    // WeCom's `hint: [...]` is its request id.
    expect(within(screen.getByTestId('diag-rid')).getByRole('heading').textContent).toBe(
      'Request id: 1730458186056773912722469',
    );
    cleanup();

    renderCards(account, 'zh-CN');
    card = screen.getByTestId('diag-ip');
    expect(within(card).getByRole('heading').textContent).toBe('60020 微信看到你的请求来自 171.43.188.73');
    expect(card.querySelector('.console-path')!.textContent).toBe(
      '企业微信管理后台 → 应用管理 → 你的应用 → 企业可信IP',
    );
  });

  // Regression test (was broken in DiagnosisCards.tsx, RidCard): "Look up" is offered for every rid, but openapi/rid/get is WeChat's (not WeCom's)
  // and the contract's `rid:lookup` accepts only the modern xxxxxxxx-xxxxxxxx-xxxxxxxx form. For WeCom's hint id (and
  // WeChat's pre-2020 `hint: [...]`) the click is refused as bad-arguments and the refusal is swallowed (`() => {}`):
  // the button does nothing at all.
  it('does not offer a rid lookup WeChat cannot do for a WeCom hint id', () => {
    const account = accountView({
      kind: 'wecom',
      appId: 'ww0123456789abcdef',
      tokenMode: 'wecom',
      token: { ...token, mode: 'wecom' },
      lastFailure: refusal({ call: 'wecom-token', errcode: 60020, errmsg: realErrmsg('wecom', 60020) }),
    });
    renderCards(account, 'en');
    const lookup = screen.queryByTestId('rid-lookup') as HTMLButtonElement | null;
    expect(lookup === null || lookup.disabled).toBe(true);
  });
});

describe('<DiagnosisCards> 45009: daily quota', () => {
  const failure = refusal({ call: 'stable-token', errcode: 45009, errmsg: realErrmsg('wechat', 45009) });
  const meter = { dailyLimit: 2000, used: 2000, remain: 0 };

  function quotaCore() {
    let clears = 3;
    const local = (): QuotaView => ({ localCallsToday: 2000, clearsThisMonth: clears });
    const handlers: Partial<Handlers> = {
      getQuota: (_id, remote) =>
        remote
          ? {
              ...local(),
              remote: meter,
              exchange: success(
                'quota-get',
                { errcode: 0, errmsg: 'ok', quota: { daily_limit: 2000, used: 2000, remain: 0 } },
                meter,
              ),
            }
          : local(),
      clearQuota: () => {
        clears += 1;
        return success('clear-quota-v2', { errcode: 0, errmsg: 'ok' }, {});
      },
    };
    return handlers;
  }

  it('shows the local count, reads WeChat’s meter on request, and clears the quota with the month’s budget (en)', async () => {
    const api = renderCards(accountView({ lastFailure: failure }), 'en', quotaCore());
    const card = screen.getByTestId('diag-quota');
    expect(within(card).getByRole('heading').textContent).toBe('45009 Daily token quota used up');
    await waitFor(() =>
      expect(within(card).getByText('TokenDesk made 2000 token calls today (WeChat’s day, UTC+8).')).toBeTruthy(),
    );
    expect(within(card).getByText('3 of 10 clears used this month.')).toBeTruthy();
    // T0 is 18:00 in Beijing: WeChat's next day starts six hours later.
    expect(within(card).getByTestId('quota-resets').textContent).toBe(
      `WeChat’s day resets at 00:00 Beijing time (UTC+8): ${formatClockTime(T0 + 6 * 3_600_000, 'en')} your time.`,
    );
    expect(card.querySelector('meter')).toBeNull();

    fireEvent.click(within(card).getByRole('button', { name: 'Read WeChat’s meter' }));
    await waitFor(() => expect(within(card).getByText('WeChat’s meter: 2000 of 2000 used, 0 left.')).toBeTruthy());
    const meterElement = card.querySelector('meter')!;
    expect([meterElement.getAttribute('max'), meterElement.getAttribute('value')]).toEqual(['2000', '2000']);

    // clear_quota/v2 spends one of ten monthly clears: it asks first, with the count, and Cancel sends nothing.
    fireEvent.click(within(card).getByRole('button', { name: 'Clear quota (v2)' }));
    const confirm = screen.getByTestId('confirm-dialog');
    expect(confirm.textContent).toContain(
      'WeChat allows 10 clears a month; 3 of them are used, this would be number 4.',
    );
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(api.calls.filter((call) => call.channel === 'quota:clear')).toEqual([]);
    fireEvent.click(within(card).getByRole('button', { name: 'Clear quota (v2)' }));
    fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Use one clear' }));
    await waitFor(() => expect(within(card).getByText('4 of 10 clears used this month.')).toBeTruthy());
    expect(within(card).getByLabelText('Response').textContent).toBe(
      JSON.stringify({ errcode: 0, errmsg: 'ok' }, null, 2),
    );
    expect(api.calls.map((call) => [call.channel, ...call.args])).toEqual([
      ['quota:get', 'acc-shop', false],
      ['quota:get', 'acc-shop', true],
      ['quota:clear', 'acc-shop'],
      ['quota:get', 'acc-shop', false],
    ]);
  });

  it('says the same in Chinese (zh-CN)', async () => {
    renderCards(accountView({ lastFailure: failure }), 'zh-CN', quotaCore());
    const card = screen.getByTestId('diag-quota');
    expect(within(card).getByRole('heading').textContent).toBe('45009 今日 token 调用次数已用完');
    await waitFor(() => expect(within(card).getByText('本月已清空 3 / 10 次。')).toBeTruthy());
    fireEvent.click(within(card).getByRole('button', { name: '查询微信的统计' }));
    await waitFor(() => expect(within(card).getByText('微信的统计：已用 2000 / 2000，剩余 0。')).toBeTruthy());
  });

  // Regression test (was broken in DiagnosisCards.tsx, QuotaCard `load`: `.then(setQuota, () => {})`): on 45009 there is usually no valid token
  // left, so the core refuses to read the meter with a UserError that says what to do ("…clear the quota first"). The
  // card swallows it: "Read WeChat’s meter" visibly does nothing.
  it('says why WeChat’s meter could not be read', async () => {
    const refusedMeter =
      'WeChat’s quota meter needs a valid token, and there is none (the quota may be used up): clear the quota first.';
    const api = renderCards(accountView({ lastFailure: failure }), 'en', {
      getQuota: (_id, remote) => {
        if (remote) throw new UserError({ code: 'quota-needs-token', params: {} });
        return { localCallsToday: 2000, clearsThisMonth: 0 };
      },
    });
    await waitFor(() => expect(screen.getByText('0 of 10 clears used this month.')).toBeTruthy());
    fireEvent.click(screen.getByTestId('quota-load'));
    await waitFor(() => expect(callsTo(api, 'quota:get')).toHaveLength(2));
    await act(async () => {});
    expect(screen.getByTestId('diag-quota').textContent).toContain(refusedMeter);
  });

  it('says it in the UI language: the core sends a code, the page words it', async () => {
    renderCards(accountView({ lastFailure: failure }), 'zh-CN', {
      getQuota: (_id, remote) => {
        if (remote) throw new UserError({ code: 'quota-needs-token', params: {} });
        return { localCallsToday: 2000, clearsThisMonth: 0 };
      },
    });
    await waitFor(() => expect(screen.getByTestId('quota-load')).toBeTruthy());
    fireEvent.click(screen.getByTestId('quota-load'));
    await waitFor(() =>
      expect(screen.getByTestId('diag-quota').textContent).toContain('查询微信的调用额度需要一个有效令牌'),
    );
    expect(screen.getByTestId('diag-quota').textContent).not.toContain('quota meter');
  });

  // Regression test (was broken in DiagnosisCards.tsx, `if (outcome.errcode === 45009) cards.push(<QuotaCard …/>)`, whatever the account kind):
  // WeCom's 45009 is a frequency limit ("api freq out of limit", transient per the catalogue), not WeChat's daily quota,
  // yet a WeCom account gets "Daily token quota used up" and a "Clear quota (v2)" button that the core refuses ("WeCom
  // has no clear-quota API") and the card swallows.
  it('explains WeCom’s 45009 as the frequency limit it is, without a clear-quota button', () => {
    // WeCom's documented 45009 text in its usual errmsg form (no captured vector in wechat-errmsgs.json).
    const wecomLimit = refusal({
      call: 'wecom-token',
      errcode: 45009,
      errmsg:
        'api freq out of limit, hint: [1730458186056773912722469], from ip: 171.43.188.73, more info at https://open.work.weixin.qq.com/devtool/query?e=45009',
    });
    renderCards(
      accountView({ kind: 'wecom', appId: 'ww0123456789abcdef', tokenMode: 'wecom', lastFailure: wecomLimit }),
      'en',
      quotaCore(),
    );
    expect(screen.queryByTestId('quota-clear')).toBeNull();
    expect(screen.getByTestId('diag-45009').textContent).toContain(lookupError(45009, 'wecom')!.meaning.en);
  });
});

describe('<DiagnosisCards> 8950x: lockout', () => {
  afterEach(() => vi.useRealTimers());

  it('counts down to lockedUntil from the shared clock (en and zh-CN)', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const failure = refusal({ call: 'classic-token', errcode: 89506, errmsg: realErrmsg('wechat', 89506) });
    const account = accountView({
      tokenMode: 'classic',
      lastFailure: failure,
      state: { status: 'paused', since: T0, errcode: 89506, lockedUntil: T0 + 86_399_000 },
    });
    renderCards(account, 'en');
    const card = screen.getByTestId('diag-lockout');
    expect(within(card).getByRole('heading').textContent).toBe('89506 WeChat has locked this AppID out');
    expect(within(card).getByText('It accepts calls again in 23:59:59.')).toBeTruthy();
    act(() => vi.advanceTimersByTime(2000));
    expect(within(card).getByText('It accepts calls again in 23:59:57.')).toBeTruthy();

    renderCards(account, 'zh-CN');
    const zhCard = screen.getAllByTestId('diag-lockout')[1]!;
    expect(within(zhCard).getByRole('heading').textContent).toBe('89506 微信已锁定此 AppID');
    expect(within(zhCard).getByText('23:59:57 后恢复调用。')).toBeTruthy();
  });
});

describe('<DiagnosisCards> rid', () => {
  const errmsg = realErrmsg('wechat', 40125, 'rid: ');
  const rid = '6305aafd-5a6dbc88-1da22e34';
  const ridInfo: RidResult = {
    invokeTime: 1661315837,
    costInMs: 6,
    requestUrl: `grant_type=client_credential&appid=${APP_ID}&secret=***`,
    requestBody: '',
    responseBody: JSON.stringify({ errcode: 40125, errmsg }),
    clientIp: '125.33.201.21',
  };
  const ridBody = {
    errcode: 0,
    errmsg: 'ok',
    request: {
      invoke_time: 1661315837,
      cost_in_ms: 6,
      request_url: ridInfo.requestUrl,
      request_body: '',
      response_body: ridInfo.responseBody,
      client_ip: '125.33.201.21',
    },
  };

  it('copies the rid and looks it up with the account’s token, showing WeChat’s answer', async () => {
    const api = renderCards(
      accountView({ token, lastFailure: refusal({ call: 'stable-token', errcode: 40125, errmsg }) }),
      'en',
      {
        lookupRid: () => success('rid-get', ridBody, ridInfo),
      },
    );
    const card = screen.getByTestId('diag-rid');
    expect(within(card).getByRole('heading').textContent).toBe(`Request id: ${rid}`);

    fireEvent.click(within(card).getByRole('button', { name: 'Copy rid' }));
    await waitFor(() => expect(callsTo(api, 'clipboard:write')).toEqual([[rid]]));

    fireEvent.click(within(card).getByRole('button', { name: 'Look up' }));
    await waitFor(() =>
      expect(within(card).getByLabelText('Response').textContent).toBe(JSON.stringify(ridBody, null, 2)),
    );
    expect(callsTo(api, 'rid:lookup')).toEqual([['acc-shop', rid]]);
  });

  it('cannot look up without a token (rid/get needs one)', () => {
    renderCards(accountView({ lastFailure: refusal({ call: 'stable-token', errcode: 40125, errmsg }) }), 'zh-CN');
    const card = screen.getByTestId('diag-rid');
    expect(within(card).getByRole('heading').textContent).toBe(`请求 ID（rid）: ${rid}`);
    expect((within(card).getByRole('button', { name: '查询' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('<DiagnosisCards> clock off', () => {
  it('says how far this computer’s clock is off WeChat’s, and what to do (en)', () => {
    renderCards(accountView({ token, state: { status: 'valid', since: T0, clockSkewMs: 10 * 60_000 + 400 } }), 'en');
    const card = screen.getByTestId('diag-clock');
    expect(within(card).getByRole('heading').textContent).toBe('This computer’s clock is off');
    expect(card.textContent).toContain('It is 10 min behind WeChat’s clock');
    expect(card.textContent).toContain('(NTP)');
  });

  it('says it in Chinese (zh-CN), a clock ahead in seconds', () => {
    renderCards(accountView({ token, state: { status: 'valid', since: T0, clockSkewMs: -45_000 } }), 'zh-CN');
    expect(screen.getByTestId('diag-clock').textContent).toContain('比微信的时钟（微信应答中的时间）快 45 秒。');
  });
});

describe('<DiagnosisCards> refreshed elsewhere', () => {
  const at = T0 - 90_000;

  it('says someone else refreshed the token, and when (en)', () => {
    renderCards(accountView({ token, state: { status: 'valid', since: T0, refreshedElsewhereAt: at } }), 'en');
    const card = screen.getByTestId('diag-elsewhere');
    expect(within(card).getByRole('heading').textContent).toBe('Refreshed elsewhere');
    expect(card.textContent).toContain(
      `WeChat rejected our token while it should still be valid: another server or tool fetched a new one for this AppID (at ${formatClockTime(at, 'en')}).`,
    );
    expect(card.textContent).toContain('Use stable_token everywhere');
  });

  it('says it in Chinese (zh-CN), and shows nothing for a healthy account', () => {
    renderCards(accountView({ token, state: { status: 'valid', since: T0, refreshedElsewhereAt: at } }), 'zh-CN');
    expect(within(screen.getByTestId('diag-elsewhere')).getByRole('heading').textContent).toBe('已在别处刷新');
    expect(screen.getByTestId('diag-elsewhere').textContent).toContain(`（时间 ${formatClockTime(at, 'zh-CN')}）`);
    cleanup();
    renderCards(accountView({ token, state: { status: 'valid', since: T0 } }), 'zh-CN');
    expect(screen.queryByTestId('diagnosis')).toBeNull();
  });
});

describe('<DiagnosisCards> any other catalogued code', () => {
  it('shows the catalogue’s meaning, cause and action for 40125 in Chinese (zh-CN)', () => {
    const failure = refusal({ call: 'stable-token', errcode: 40125, errmsg: realErrmsg('wechat', 40125, 'hint: [') });
    renderCards(accountView({ lastFailure: failure }), 'zh-CN');
    const entry = lookupError(40125, 'wechat', 'fetch')!;
    const card = screen.getByTestId('diag-40125');
    expect(within(card).getByRole('heading').textContent).toBe(`40125 ${entry.meaning['zh-CN']}`);
    const [cause, action] = within(card).getAllByRole('paragraph');
    expect(cause!.textContent).toBe(`可能原因: ${entry.cause['zh-CN']}`);
    expect(action!.textContent).toBe(`处理建议: ${entry.action['zh-CN']}`);
    expect(card.textContent).not.toContain(entry.meaning.en);
    // The pre-2020 `hint: [...]` id is parsed as the rid.
    expect(within(screen.getByTestId('diag-rid')).getByRole('heading').textContent).toBe(
      '请求 ID（rid）: 1fUWsA04483054',
    );
  });

  it('reads 40001 on a token fetch as a wrong AppSecret, not a stale token (en)', () => {
    const failure = refusal({
      call: 'classic-token',
      errcode: 40001,
      errmsg: realErrmsg('wechat', 40001, 'invalid appsecret'),
    });
    renderCards(accountView({ tokenMode: 'classic', lastFailure: failure }), 'en');
    const heading = within(screen.getByTestId('diag-40001')).getByRole('heading').textContent;
    expect(heading).toBe(`40001 ${lookupError(40001, 'wechat', 'fetch')!.meaning.en}`);
    expect(heading).not.toBe(`40001 ${lookupError(40001, 'wechat', 'use')!.meaning.en}`);
  });
});

describe('<DiagnosisCards> network', () => {
  it('says in words that WeChat could not be reached, and that the account is fine (en and zh-CN)', () => {
    const timeout: Exchange = {
      id: 'exchange-timeout',
      call: 'stable-token',
      request: { method: 'POST', url: 'http://127.0.0.1:8080/cgi-bin/stable_token' },
      startedAt: T0 - 10_000,
      finishedAt: T0,
      latencyMs: 10_000,
      outcome: { kind: 'network-error', reason: 'timeout', message: 'no answer within 10000 ms' },
    };
    renderCards(accountView({ lastFailure: timeout }), 'en');
    const card = screen.getByTestId('diag-network');
    expect(within(card).getByRole('heading').textContent).toBe('Network: WeChat did not answer in time (timeout)');
    expect(card.textContent).toContain('Nothing is wrong with the account');
    renderCards(accountView({ lastFailure: timeout }), 'zh-CN');
    expect(within(screen.getAllByTestId('diag-network')[1]!).getByRole('heading').textContent).toBe(
      '网络：微信未及时响应（超时）',
    );
  });
});
