import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EndpointStatus } from '../../electron/core/contract/views';
import { DEFAULT_SETTINGS, type Settings } from '../../electron/core/store/store-schema';
import { ApiProvider } from '../../renderer/src/api-context';
import { SettingsDialog } from '../../renderer/src/components/SettingsDialog';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { callsTo, contractApi } from './support/contract-api';

const stopped: EndpointStatus = {
  enabled: true,
  port: 17878,
  listening: false,
  addresses: [],
  problem: { code: 'endpoint-port-in-use', params: { port: 17878, address: '127.0.0.1' } },
  recentRequests: [],
};

function renderSettings(language: UiLanguage, settings: Settings = DEFAULT_SETTINGS, status = stopped) {
  const api = contractApi({
    setSettings: (patch) => ({ ...settings, ...patch }),
    getEndpointStatus: () => status,
  });
  render(
    <ApiProvider api={api}>
      <I18nProvider language={language}>
        <SettingsDialog open settings={settings} onClose={() => {}} onError={() => {}} />
      </I18nProvider>
    </ApiProvider>,
  );
  return api;
}

describe('SettingsDialog', () => {
  afterEach(cleanup);

  it('keeps refreshing in the tray by default, and turning it off is a setting the core stores', async () => {
    const api = renderSettings('en');
    const toggle = screen.getByTestId('settings-keep-running-in-tray') as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(screen.getByLabelText('Keep refreshing in the tray when the window is closed (desktop app)')).toBe(toggle);
    fireEvent.click(toggle);
    await waitFor(() => expect(callsTo(api, 'settings:set')).toEqual([[{ keepRunningInTray: false }]]));
  });

  it('words the setting and why the endpoint is not listening in the UI language', async () => {
    renderSettings('zh-CN');
    expect(screen.getByLabelText('关闭窗口后在托盘中继续刷新（桌面应用）')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('endpoint-status').textContent).toBe(
        '127.0.0.1 上的端口 17878 已被占用。请停止占用它的程序，或换一个端口（设置中，或 --port）。',
      ),
    );
  });

  it('shows a burst of alike requests as one line with its count', async () => {
    const at = new Date(2026, 11, 3, 9, 30, 5).getTime();
    renderSettings('en', DEFAULT_SETTINGS, {
      enabled: true,
      port: 17878,
      listening: true,
      addresses: ['127.0.0.1'],
      recentRequests: [
        { at: at + 900, method: 'GET', path: '/v1/tokens/***', route: 'v1-token', status: 401, latencyMs: 0 },
        {
          at,
          method: 'GET',
          path: '/v1/tokens/shop',
          route: 'v1-token',
          status: 200,
          latencyMs: 1,
          count: 1200,
          lastAt: at + 999,
        },
      ],
    });
    await waitFor(() => expect(screen.getAllByText(/GET \/v1\/tokens/)).toHaveLength(2));
    const lines = screen.getAllByText(/GET \/v1\/tokens/).map((line) => line.textContent);
    expect(lines[0]).toMatch(/GET \/v1\/tokens\/\*\*\* → 401$/);
    expect(lines[1]).toMatch(/GET \/v1\/tokens\/shop → 200 ×1200$/);
  });
});
