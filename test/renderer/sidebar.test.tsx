import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountView } from '../../electron/core/contract/views';
import { Sidebar } from '../../renderer/src/components/Sidebar';
import { deskEntries } from '../../renderer/src/desk-entries';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { accountView } from './support/wechat-fixtures';

const now = Date.now();
const token = { value: 'TOKEN', obtainedAt: now - 60_000, expiresAt: now + 7_000_000, mode: 'stable' as const };

/** Five accounts in the states the issue names: fine, user-paused, a quota refusal, a transient -1, a 40164. */
const ACCOUNTS: AccountView[] = [
  accountView({
    id: 'a',
    label: 'Blog OA',
    appId: 'wx000000000000000a',
    token,
    state: { status: 'valid', since: now },
  }),
  accountView({
    id: 'b',
    label: 'Paused shop',
    appId: 'wx000000000000000b',
    environment: 'staging',
    autoRefresh: false,
    token,
    state: { status: 'valid', since: now },
  }),
  accountView({
    id: 'c',
    label: 'Quota app',
    kind: 'miniProgram',
    appId: 'wx000000000000000c',
    token,
    state: { status: 'paused', since: now, errcode: 45009 },
  }),
  accountView({
    id: 'd',
    label: 'Busy sandbox',
    kind: 'testAccount',
    environment: 'test',
    appId: 'wx000000000000000d',
    state: { status: 'error', since: now, errcode: -1, nextRefreshAt: now + 10_000 },
  }),
  accountView({
    id: 'e',
    label: 'Office OA',
    appId: 'wx000000000000000a',
    state: { status: 'paused', since: now, errcode: 40164 },
  }),
];

function Desk({ language = 'en', onOpen = () => {} }: { language?: UiLanguage; onOpen?: () => void }) {
  const [filter, setFilter] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const entries = deskEntries(ACCOUNTS, filter, now);
  return (
    <I18nProvider language={language}>
      <Sidebar
        accountCount={ACCOUNTS.length}
        entries={entries}
        runtime="preview"
        selectedId={selectedId ?? entries[0]?.account.id}
        filter={filter}
        onFilterChange={setFilter}
        onSelect={setSelectedId}
        onOpen={onOpen}
        onAdd={() => {}}
        onOpenSettings={() => {}}
      />
    </I18nProvider>
  );
}

const rowLabels = () =>
  screen.getAllByRole('option').map((row) => row.querySelector('.account-row-label')!.textContent);
const selectedLabel = () =>
  screen.getByRole('option', { selected: true }).querySelector('.account-row-label')!.textContent;
/** What a row says about its health: the name, then WeChat's errcode on its own line. */
const statusOf = (label: string) =>
  [...screen.getByTestId(`account-row-${label}`).querySelectorAll('.health-label, .account-row-errcode')]
    .map((part) => part.textContent)
    .join(' ');
const filterBy = (text: string) => fireEvent.change(screen.getByTestId('account-filter'), { target: { value: text } });

describe('<Sidebar> with the health model', () => {
  // happy-dom lays nothing out (every box is 0×0), so the virtualized list would show no row: give it a window's height.
  const realHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight')!;
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('account-list') ? 800 : (realHeight.get!.call(this) as number);
      },
    });
  });
  afterAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', realHeight);
  });

  it('lists the accounts that need a person first, each with its AppID and its health in words', () => {
    render(<Desk />);
    expect(rowLabels()).toEqual(['Office OA', 'Quota app', 'Busy sandbox', 'Paused shop', 'Blog OA']);
    const row = (label: string) => screen.getByTestId(`account-row-${label}`);
    expect(statusOf('Office OA')).toBe('Action needed 40164');
    expect(statusOf('Quota app')).toBe('Action needed 45009');
    expect(statusOf('Busy sandbox')).toBe('Retrying -1');
    expect(row('Paused shop').textContent).toContain('Paused by you');
    expect(row('Blog OA').querySelector('[data-testid="countdown"]')).not.toBeNull();
    expect(row('Paused shop').textContent).toContain('wx000000000000000b');
  });

  it('flags the AppID two accounts share', () => {
    render(<Desk />);
    const flagged = screen.getAllByTestId('duplicate-app-id').map((badge) => badge.closest('[role="option"]')!.id);
    expect(flagged.sort()).toEqual(['account-option-a', 'account-option-e']);
  });

  it('does not flag the apps of one WeCom corp, which share their CorpID by design', () => {
    const corp = (id: string, label: string) =>
      accountView({ id, label, kind: 'wecom', tokenMode: 'wecom', appId: 'ww0000000000000001' });
    const entries = deskEntries([corp('w1', 'HR app'), corp('w2', 'OA app')], '', now);
    expect(entries.map((entry) => [entry.duplicateAppId, entry.appIdShared])).toEqual([
      [false, true],
      [false, true],
    ]);
  });

  it('filters by state, environment and kind words as well as label and AppID', () => {
    render(<Desk />);
    filterBy('error');
    expect(rowLabels()).toEqual(['Office OA', 'Quota app', 'Busy sandbox']);
    filterBy('prod error');
    expect(rowLabels()).toEqual(['Office OA', 'Quota app']);
    filterBy('test');
    expect(rowLabels()).toEqual(['Busy sandbox']);
    filterBy('mini');
    expect(rowLabels()).toEqual(['Quota app']);
    filterBy('paused');
    expect(rowLabels()).toEqual(['Paused shop']);
    filterBy('00000000000000b');
    expect(rowLabels()).toEqual(['Paused shop']);
    filterBy('测试号');
    expect(rowLabels()).toEqual(['Busy sandbox']);
    filterBy('nothing like it');
    expect(screen.queryAllByRole('option')).toEqual([]);
    expect(screen.getByText('No account matches')).toBeTruthy();
  });

  it('is a listbox: arrow keys, Home and End move the selection, Enter opens it', () => {
    const opened: string[] = [];
    render(<Desk onOpen={() => opened.push(selectedLabel()!)} />);
    const list = screen.getByRole('listbox', { name: 'Accounts' });
    expect(list.tabIndex).toBe(0);
    expect(selectedLabel()).toBe('Office OA');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(selectedLabel()).toBe('Busy sandbox');
    expect(list.getAttribute('aria-activedescendant')).toBe('account-option-d');
    fireEvent.keyDown(list, { key: 'ArrowUp' });
    expect(selectedLabel()).toBe('Quota app');
    fireEvent.keyDown(list, { key: 'End' });
    expect(selectedLabel()).toBe('Blog OA');
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    expect(selectedLabel()).toBe('Blog OA');
    fireEvent.keyDown(list, { key: 'Home' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(opened).toEqual(['Office OA']);
  });

  it('speaks 简体中文', () => {
    render(<Desk language="zh-CN" />);
    expect(statusOf('Office OA')).toBe('需要处理 40164');
    expect(screen.getByTestId('account-row-Paused shop').textContent).toContain('已由你暂停');
    expect(screen.getAllByTestId('duplicate-app-id')[0]!.textContent).toBe('AppID 重复');
  });
});
