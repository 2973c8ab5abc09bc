import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/core/contract/api-types';
import type { ConsoleResult } from '../../electron/core/contract/api-tools-views';
import { UserError } from '../../electron/core/user-error';
import { lookupError } from '../../electron/core/wechat/catalogue';
import type { Exchange } from '../../electron/core/wechat/types';
import { ApiProvider } from '../../renderer/src/api-context';
import { ApiConsole } from '../../renderer/src/components/ApiConsole';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { callsTo, contractApi } from './support/contract-api';
import { accountView, refusal, success } from './support/wechat-fixtures';

function renderConsole(handlers: Partial<Handlers>, language: UiLanguage = 'en') {
  const api = contractApi({ writeClipboard: () => ({ written: true }), ...handlers });
  const account = accountView();
  render(
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <ApiConsole account={account} apiBase="http://127.0.0.1:8080" />
      </I18nProvider>
    </ApiProvider>,
  );
  return { api, account };
}

/** A JSON answer: the console's exchange type has a result only for binary answers. */
type ConsoleExchange = ConsoleResult['exchange'];

afterEach(cleanup);

describe('<ApiConsole>', () => {
  it('fills method and query from the list of common APIs and sends the query lines as pairs', async () => {
    const { api, account } = renderConsole({
      callApi: () => ({
        exchange: success('api-call', { total: 0, count: 0 }, undefined) as Exchange as ConsoleExchange,
      }),
    });
    fireEvent.change(screen.getByTestId('console-path'), { target: { value: '/cgi-bin/user/get' } });
    expect((screen.getByTestId('console-query') as HTMLTextAreaElement).value).toBe('next_openid=');
    fireEvent.change(screen.getByTestId('console-query'), { target: { value: 'next_openid=abc\n\nlang=zh_CN' } });
    fireEvent.click(screen.getByTestId('console-send'));
    await screen.findByTestId('console-result');
    expect(callsTo(api, 'console:call')).toEqual([
      [
        account.id,
        {
          method: 'GET',
          path: '/cgi-bin/user/get',
          query: [
            ['next_openid', 'abc'],
            ['lang', 'zh_CN'],
          ],
        },
      ],
    ]);
  });

  it('explains an errcode from the catalogue, in the UI’s language, and offers the rid lookup', async () => {
    const exchange = refusal({
      call: 'api-call',
      errcode: 40003,
      errmsg: 'invalid openid rid: 6305aafd-5a6dbc88-1da22e34',
    });
    renderConsole({ callApi: () => ({ exchange: exchange as ConsoleExchange }) }, 'zh-CN');
    fireEvent.change(screen.getByTestId('console-path'), { target: { value: '/cgi-bin/message/template/send' } });
    expect((screen.getByTestId('console-method') as HTMLSelectElement).value).toBe('POST');
    fireEvent.click(screen.getByTestId('console-send'));
    const card = await screen.findByTestId('console-errcode');
    expect(card.textContent).toContain(lookupError(40003, 'wechat')!.meaning['zh-CN']);
    expect(screen.getByTestId('console-rid-lookup')).toBeTruthy();
  });

  it('shows why the core refused to send (another host), and keeps what was typed', async () => {
    renderConsole({
      callApi: () => {
        throw new UserError({
          code: 'console-foreign-host',
          params: { host: 'evil.example', base: 'http://127.0.0.1:8080' },
        });
      },
    });
    fireEvent.change(screen.getByTestId('console-path'), { target: { value: 'https://evil.example/cgi-bin/x' } });
    fireEvent.click(screen.getByTestId('console-send'));
    await waitFor(() => expect(screen.getByTestId('console-problem').textContent).toContain('not to evil.example'));
    expect((screen.getByTestId('console-path') as HTMLInputElement).value).toBe('https://evil.example/cgi-bin/x');
  });
});
