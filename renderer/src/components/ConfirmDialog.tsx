import { AlertDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n-context';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A yes/no question that says what will happen; Radix handles focus, Escape and the screen-reader semantics. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  danger,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const t = useT();
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !next && onCancel()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content className="dialog dialog-narrow" data-testid="confirm-dialog">
          <AlertDialog.Title className="dialog-title">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="dialog-body">{children}</div>
          </AlertDialog.Description>
          <div className="dialog-actions">
            <AlertDialog.Cancel className="button">{t('confirm.cancel')}</AlertDialog.Cancel>
            <AlertDialog.Action
              className={`button ${danger ? 'button-danger' : 'button-primary'}`}
              onClick={onConfirm}
              data-testid="confirm-proceed"
            >
              {confirmLabel ?? t('confirm.proceed')}
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
