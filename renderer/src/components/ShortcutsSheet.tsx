import { Dialog } from 'radix-ui';
import { useT } from '../i18n/i18n-context';
import type { MessageKey } from '../i18n/messages';

/** Ctrl on Linux and Windows, ⌘ on macOS: the menu's accelerators use CmdOrCtrl. */
const MOD = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform) ? '⌘' : 'Ctrl';

const SHORTCUTS: { keys: string[]; what: MessageKey }[] = [
  { keys: [MOD, 'N'], what: 'shortcuts.add' },
  { keys: [MOD, 'R'], what: 'shortcuts.refresh' },
  { keys: [MOD, 'F'], what: 'shortcuts.filter' },
  { keys: [MOD, 'Shift', 'C'], what: 'shortcuts.copy' },
  { keys: ['↑', '↓'], what: 'shortcuts.move' },
  { keys: ['Enter'], what: 'shortcuts.open' },
  { keys: ['?'], what: 'shortcuts.help' },
];

/** The keyboard shortcuts, opened with `?` anywhere outside a text field. */
export function ShortcutsSheet({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-narrow" data-testid="shortcuts-sheet" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{t('shortcuts.title')}</Dialog.Title>
          <dl className="shortcut-list">
            {SHORTCUTS.map(({ keys, what }) => (
              <div key={what} className="shortcut-line">
                <dt>
                  {keys.map((key) => (
                    <kbd key={key}>{key}</kbd>
                  ))}
                </dt>
                <dd>{t(what)}</dd>
              </div>
            ))}
          </dl>
          <div className="dialog-actions">
            <Dialog.Close className="button">{t('settings.close')}</Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
