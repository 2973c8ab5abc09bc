import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  addAccount: () => void;
  refresh: () => void;
  focusFilter: () => void;
  copyToken: () => void;
  showShortcuts: () => void;
}

/** Where a typed `?` is text, not a shortcut. */
function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * Ctrl/Cmd+N add, Ctrl/Cmd+R refresh, Ctrl/Cmd+F filter, Ctrl/Cmd+Shift+C copy the selected token, `?` the list of
 * shortcuts. In Electron the menu's accelerators do the same; in the page they are caught here so the preview behaves
 * alike.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === '?' && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntry(event.target)) {
        event.preventDefault();
        latest.current.showShortcuts();
        return;
      }
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      const action =
        key === 'n' && !event.shiftKey
          ? latest.current.addAccount
          : key === 'r' && !event.shiftKey
            ? latest.current.refresh
            : key === 'f' && !event.shiftKey
              ? latest.current.focusFilter
              : key === 'c' && event.shiftKey
                ? latest.current.copyToken
                : undefined;
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
