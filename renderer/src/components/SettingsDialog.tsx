import { Dialog } from 'radix-ui';
import { useId } from 'react';
import type { Settings } from '../../../electron/core/store/store-schema';
import { useApi } from '../api-context';
import { useErrorText, useT } from '../i18n/i18n-context';
import { EndpointSettings } from './EndpointSettings';

export function SettingsDialog({
  open,
  settings,
  onClose,
  onError,
}: {
  open: boolean;
  settings: Settings;
  onClose: () => void;
  onError: (message: string) => void;
}) {
  const t = useT();
  const api = useApi();
  const ids = { language: useId(), theme: useId(), margin: useId() };
  const describeError = useErrorText();
  const change = (patch: Partial<Settings>) =>
    api.setSettings(patch).catch((error: unknown) => onError(describeError(error)));
  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-medium" data-testid="settings-dialog" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{t('settings.title')}</Dialog.Title>
          <div className="form-grid form-grid-single">
            <div className="field">
              <label htmlFor={ids.language}>{t('settings.language')}</label>
              <select
                id={ids.language}
                value={settings.language}
                onChange={(event) => void change({ language: event.target.value as Settings['language'] })}
                data-testid="settings-language"
              >
                <option value="system">{t('settings.language.system')}</option>
                <option value="en">English</option>
                <option value="zh-CN">简体中文</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.theme}>{t('settings.theme')}</label>
              <select
                id={ids.theme}
                value={settings.theme}
                onChange={(event) => void change({ theme: event.target.value as Settings['theme'] })}
                data-testid="settings-theme"
              >
                <option value="system">{t('settings.theme.system')}</option>
                <option value="light">{t('settings.theme.light')}</option>
                <option value="dark">{t('settings.theme.dark')}</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.margin}>{t('settings.margin')}</label>
              <input
                id={ids.margin}
                type="number"
                min={30}
                max={3600}
                defaultValue={settings.defaultMarginSeconds}
                onBlur={(event) => void change({ defaultMarginSeconds: Number(event.target.value) })}
              />
            </div>
            <label className="checkbox-line">
              <input
                type="checkbox"
                checked={settings.notifications}
                onChange={(event) => void change({ notifications: event.target.checked })}
              />
              {t('settings.notifications')}
            </label>
            <label className="checkbox-line">
              <input
                type="checkbox"
                checked={settings.keepRunningInTray}
                onChange={(event) => void change({ keepRunningInTray: event.target.checked })}
                data-testid="settings-keep-running-in-tray"
              />
              {t('settings.keepRunningInTray')}
            </label>
            <EndpointSettings settings={settings} onChange={(patch) => void change(patch)} onError={onError} />
          </div>
          <div className="dialog-actions">
            <Dialog.Close className="button button-primary" data-testid="settings-close">
              {t('settings.close')}
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
