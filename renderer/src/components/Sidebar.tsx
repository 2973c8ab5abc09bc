import { useVirtualizer } from '@tanstack/react-virtual';
import { forwardRef, useEffect, useRef, type KeyboardEvent } from 'react';
import type { AppInfo } from '../../../electron/core/contract/ipc-contract';
import type { DeskEntry } from '../desk-entries';
import { useT } from '../i18n/i18n-context';
import { AccountRow, optionId } from './AccountRow';
import { TokenDeskMark } from './TokenDeskMark';

const ROW_HEIGHT = 54;

export interface SidebarProps {
  /** How many accounts exist at all (the entries are the filtered ones). */
  accountCount: number;
  /** The rows to show: filtered and sorted worst first. */
  entries: DeskEntry[];
  runtime: AppInfo['runtime'];
  selectedId: string | undefined;
  filter: string;
  onFilterChange: (filter: string) => void;
  onSelect: (id: string) => void;
  /** Enter on the list: move to the selected account's details. */
  onOpen: () => void;
  onAdd: () => void;
  onOpenSettings: () => void;
}

/**
 * The account list: a listbox (arrow keys, Home/End move the selection, Enter opens the details), virtualized, so a
 * thousand accounts cost what a screenful does.
 */
export const Sidebar = forwardRef<HTMLInputElement, SidebarProps>(function Sidebar(props, filterRef) {
  const {
    accountCount,
    entries,
    runtime,
    selectedId,
    filter,
    onFilterChange,
    onSelect,
    onOpen,
    onAdd,
    onOpenSettings,
  } = props;
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    // Every mounted row's countdown ticks: a small overscan keeps a tick's work to about a screenful of rows.
    overscan: 2,
    // Lets the first render (and headless tests) lay out rows before a resize observer reports a size.
    initialRect: { width: 280, height: 800 },
  });
  const selectedIndex = entries.findIndex((entry) => entry.account.id === selectedId);

  // Keeps the selected row in view when the keyboard (or a filter) moves it off screen.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const onListKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (entries.length === 0) return;
    const last = entries.length - 1;
    const target =
      event.key === 'ArrowDown'
        ? Math.min(last, selectedIndex + 1)
        : event.key === 'ArrowUp'
          ? Math.max(0, selectedIndex - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : undefined;
    if (target !== undefined) {
      event.preventDefault();
      onSelect(entries[target]!.account.id);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen();
    }
  };

  return (
    <aside className="sidebar" aria-label={t('sidebar.listLabel')}>
      <header className="sidebar-brand">
        <TokenDeskMark size={22} />
        <span className="sidebar-brand-name">{t('app.name')}</span>
        {runtime === 'preview' && <span className="badge badge-muted">{t('status.preview')}</span>}
      </header>
      <div className="sidebar-filter">
        <input
          ref={filterRef}
          type="search"
          value={filter}
          onChange={(event) => onFilterChange(event.target.value)}
          placeholder={t('sidebar.filter')}
          aria-label={t('sidebar.filter')}
          data-testid="account-filter"
          disabled={accountCount === 0}
        />
      </div>
      <div
        className="account-list"
        ref={scrollRef}
        role="listbox"
        aria-label={t('sidebar.listLabel')}
        tabIndex={entries.length > 0 ? 0 : -1}
        aria-activedescendant={selectedIndex >= 0 ? optionId(entries[selectedIndex]!.account.id) : undefined}
        onKeyDown={onListKeyDown}
        data-testid="account-list"
      >
        {accountCount === 0 && <p className="account-list-empty">{t('sidebar.noAccounts')}</p>}
        {accountCount > 0 && entries.length === 0 && <p className="account-list-empty">{t('sidebar.noMatch')}</p>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index]!;
            return (
              // Placed with `top`, not a transform: a transform would make each row a stacking context, which
              // Chromium repaints whole whenever the countdown inside it ticks.
              <div key={entry.account.id} className="account-row-slot" style={{ top: item.start, height: ROW_HEIGHT }}>
                <AccountRow entry={entry} selected={entry.account.id === selectedId} onSelect={onSelect} />
              </div>
            );
          })}
        </div>
      </div>
      <footer className="sidebar-footer">
        <button type="button" className="button button-primary sidebar-add" onClick={onAdd} data-testid="sidebar-add">
          + {t('sidebar.addAccount')}
        </button>
        <button
          type="button"
          className="button icon-button"
          onClick={onOpenSettings}
          aria-label={t('sidebar.settings')}
          title={t('sidebar.settings')}
          data-testid="open-settings"
        >
          <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
            <path
              d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.5 7.5 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.5 7.5 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.6"
              strokeLinejoin="round"
            />
          </svg>
        </button>
      </footer>
    </aside>
  );
});
