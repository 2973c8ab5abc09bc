import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/core/contract/api-types';
import { redactForHistory, type AccountHistoryEntry } from '../../electron/core/history/history-entry';
import { ApiProvider } from '../../renderer/src/api-context';
import { HistoryTimeline } from '../../renderer/src/components/HistoryTimeline';
import { formatClockTime } from '../../renderer/src/format/duration';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { callsTo, contractApi } from './support/contract-api';
import { realErrmsg, refusal, success, T0 } from './support/wechat-fixtures';

const ACCOUNT = 'acc-shop';
const staleToken = realErrmsg('wechat', 40001, 'getStableAccessToken');
const checkRefused = refusal({ call: 'check-token', errcode: 40001, errmsg: staleToken, at: T0 - 2_000 });
const fetched = redactForHistory(
  success(
    'stable-token',
    { access_token: 'ACCESS_TOKEN_FROM_WECHAT', expires_in: 7200 },
    { accessToken: 'ACCESS_TOKEN_FROM_WECHAT', expiresIn: 7200 },
    T0 - 3_600_000,
  ),
);
const whitelistRefused = refusal({
  call: 'stable-token',
  errcode: 40164,
  errmsg: realErrmsg('wechat', 40164, '117.39.59.7'),
  at: T0 - 7_200_000,
});

/** As the core keeps them: newest first. */
const history: AccountHistoryEntry[] = [
  {
    kind: 'refreshed-elsewhere',
    id: 'h4',
    accountId: ACCOUNT,
    at: T0,
    detectedBy: 'check',
    errcode: 40001,
    exchangeId: checkRefused.id,
  },
  {
    kind: 'exchange',
    id: 'h3',
    accountId: ACCOUNT,
    at: checkRefused.finishedAt,
    trigger: 'check',
    exchange: checkRefused,
  },
  { kind: 'exchange', id: 'h2', accountId: ACCOUNT, at: fetched.finishedAt, trigger: 'schedule', exchange: fetched },
  {
    kind: 'exchange',
    id: 'h1',
    accountId: ACCOUNT,
    at: whitelistRefused.finishedAt,
    trigger: 'demand',
    exchange: whitelistRefused,
  },
];

// The core's errors-only filter (history.ts): failed exchanges and refreshed-elsewhere notes.
const historyOf =
  (entries: AccountHistoryEntry[]): Handlers['listHistory'] =>
  (_id, { errorsOnly }) =>
    errorsOnly ? entries.filter((entry) => entry.kind !== 'exchange' || entry.exchange.outcome.kind !== 'ok') : entries;

function renderTimeline(language: UiLanguage, refreshKey?: string, entries = history) {
  const api = contractApi({ listHistory: historyOf(entries), writeClipboard: () => ({ written: true }) });
  const tree = (key?: string) => (
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <HistoryTimeline accountId={ACCOUNT} refreshKey={key} />
      </I18nProvider>
    </ApiProvider>
  );
  const view = render(tree(refreshKey));
  return { api, rerender: (key: string) => view.rerender(tree(key)) };
}

const rows = () => [...screen.getByTestId('history').querySelectorAll('li')];
const callsOf = () => rows().map((row) => row.querySelector('.timeline-call')!.textContent);

describe('<HistoryTimeline>', () => {
  it('lists exchanges and notes newest first, each with its time, call, outcome and latency', async () => {
    const { api } = renderTimeline('en');
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(callsTo(api, 'history:list')).toEqual([[ACCOUNT, { errorsOnly: false, query: '' }]]);
    expect(callsOf()).toEqual(['Token check', 'Token check', 'Stable token', 'Stable token']);
    expect(rows().map((row) => row.querySelector('.timeline-time')!.textContent)).toEqual(
      history.map((entry) => formatClockTime(entry.at, 'en')),
    );
    expect(rows().map((row) => row.querySelector('.timeline-outcome')!.textContent)).toEqual([
      'Refreshed elsewhere (40001)',
      // The rid is for the row's raw view, not its one-line summary.
      '40001 invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
      'OK',
      '40164 invalid ip 117.39.59.7 ipv6 ::ffff:117.39.59.7, not in whitelist',
    ]);
    expect(rows().map((row) => row.className.replace('timeline-item ', ''))).toEqual([
      'timeline-elsewhere',
      'timeline-error',
      'timeline-ok',
      'timeline-error',
    ]);
    expect(rows()[1]!.querySelector('.timeline-latency')!.textContent).toBe('87 ms');
  });

  it('says when there is nothing yet (zh-CN)', async () => {
    const { api } = renderTimeline('zh-CN', undefined, []);
    await waitFor(() => expect(callsTo(api, 'history:list')).toHaveLength(1));
    expect(screen.getByText('暂无记录。')).toBeTruthy();
    expect(screen.getByTestId('history').querySelector('ol')).toBeNull();
  });

  it('shows the refreshed-elsewhere note in Chinese (zh-CN)', async () => {
    renderTimeline('zh-CN');
    await waitFor(() =>
      expect(screen.getByTestId('timeline-elsewhere').querySelector('.timeline-outcome')!.textContent).toBe(
        '已在别处刷新 (40001)',
      ),
    );
    // Every row speaks Chinese but WeChat's own errmsg, which people search for as WeChat sent it.
    expect(callsOf()).toEqual(['token 检查', 'token 检查', '稳定版 token', '稳定版 token']);
    expect(rows()[2]!.querySelector('.timeline-outcome')!.textContent).toBe('成功');
    // A note is not an exchange: it has no raw view to open.
    expect(within(screen.getByTestId('timeline-elsewhere')).queryByRole('button')).toBeNull();
  });

  it('asks the core again for errors only, and for everything when unticked', async () => {
    const { api } = renderTimeline('en');
    await waitFor(() => expect(rows()).toHaveLength(4));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Errors only' }));
    await waitFor(() => expect(callsOf()).toEqual(['Token check', 'Token check', 'Stable token']));
    expect(rows().some((row) => row.className.includes('timeline-ok'))).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Errors only' }));
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(callsTo(api, 'history:list')).toEqual([
      [ACCOUNT, { errorsOnly: false, query: '' }],
      [ACCOUNT, { errorsOnly: true, query: '' }],
      [ACCOUNT, { errorsOnly: false, query: '' }],
    ]);
  });

  it('asks again when a new exchange arrives (refreshKey)', async () => {
    const { api, rerender } = renderTimeline('en', checkRefused.id);
    await waitFor(() => expect(rows()).toHaveLength(4));
    rerender('a-newer-exchange');
    await waitFor(() => expect(callsTo(api, 'history:list')).toHaveLength(2));
  });

  it('opens a row’s raw exchange on click, one at a time, and closes it again', async () => {
    renderTimeline('en');
    await waitFor(() => expect(rows()).toHaveLength(4));
    const [checkRow, fetchRow] = [rows()[1]!, rows()[2]!];
    const checkButton = within(checkRow).getByRole('button');
    expect(checkButton.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('exchange-view')).toBeNull();

    fireEvent.click(checkButton);
    expect(checkButton.getAttribute('aria-expanded')).toBe('true');
    const opened = within(checkRow).getByTestId('exchange-view');
    expect(within(opened).getByTestId('exchange-request').textContent).toBe(
      'GET http://127.0.0.1:8080/cgi-bin/get_api_domain_ip?access_token=***',
    );
    expect(within(opened).getAllByLabelText('Response')[0]!.textContent).toBe(
      JSON.stringify({ errcode: 40001, errmsg: staleToken }, null, 2),
    );

    const fetchButton = fetchRow.querySelector<HTMLButtonElement>('button.timeline-row')!;
    fireEvent.click(fetchButton);
    expect(screen.getAllByTestId('exchange-view')).toHaveLength(1);
    expect(within(fetchRow).getByTestId('exchange-view').textContent).toContain('"access_token": "***"');
    expect(checkButton.getAttribute('aria-expanded')).toBe('false');

    fireEvent.click(fetchButton);
    expect(screen.queryByTestId('exchange-view')).toBeNull();
  });
});
