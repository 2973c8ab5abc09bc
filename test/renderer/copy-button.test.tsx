import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiProvider } from '../../renderer/src/api-context';
import { CopyButton } from '../../renderer/src/components/CopyButton';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import { bridgeApi } from './support/bridge-api';

describe('<CopyButton>', () => {
  it('copies through the main process and says so', async () => {
    const api = bridgeApi({ 'clipboard:write': { written: true } });
    render(
      <ApiProvider api={api}>
        <I18nProvider language="zh-CN">
          <CopyButton text="ACCESS_TOKEN_1" label="Copy token" />
        </I18nProvider>
      </ApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('已复制'));
    expect(api.calls).toEqual([{ channel: 'clipboard:write', args: ['ACCESS_TOKEN_1'] }]);
  });

  it('falls back to the page clipboard where the core has none (preview)', async () => {
    const api = bridgeApi({ 'clipboard:write': { written: false } });
    render(
      <ApiProvider api={api}>
        <I18nProvider language="en">
          <CopyButton text="ACCESS_TOKEN_2" label="Copy token" />
        </I18nProvider>
      </ApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('Copied'));
    await expect(navigator.clipboard.readText()).resolves.toBe('ACCESS_TOKEN_2');
  });

  it('shows a failure instead of pretending', async () => {
    const api = bridgeApi({});
    render(
      <ApiProvider api={api}>
        <I18nProvider language="en">
          <CopyButton text="x" label="Copy token" />
        </I18nProvider>
      </ApiProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('Copy failed'));
  });
});
