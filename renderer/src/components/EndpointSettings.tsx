import { useEffect, useId, useState } from 'react';
import type { EndpointStatus } from '../../../electron/core/contract/views';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import type { Settings } from '../../../electron/core/store/store-schema';
import { useApi } from '../api-context';
import { formatClockTime } from '../format/duration';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyButton } from './CopyButton';

/** The local endpoint section of Settings: on/off, port, status, the key (copy, rotate) and the last requests. */
export function EndpointSettings({
  settings,
  onChange,
  onError,
}: {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  onError: (message: string) => void;
}) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const portId = useId();
  const [status, setStatus] = useState<EndpointStatus>();
  const [key, setKey] = useState<string>();
  /** Rotating breaks every tool holding the key: it asks first. */
  const [confirmingRotate, setConfirmingRotate] = useState(false);
  useEffect(() => {
    let live = true;
    api.getEndpointStatus().then(
      (next) => live && setStatus(next),
      () => {},
    );
    const unsubscribe = api.onEndpointChanged((next) => setStatus(next));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  const describeError = useErrorText();
  const fail = (error: unknown) => onError(describeError(error));

  return (
    <fieldset className="settings-section" data-testid="endpoint-settings">
      <legend>{t('endpoint.title')}</legend>
      <p className="muted">{t('endpoint.body')}</p>
      <label className="checkbox-line">
        <input
          type="checkbox"
          checked={settings.endpointEnabled}
          onChange={(event) => onChange({ endpointEnabled: event.target.checked })}
          data-testid="endpoint-enabled"
        />
        {t('endpoint.enable')}
      </label>
      <div className="field">
        <label htmlFor={portId}>{t('endpoint.port')}</label>
        <input
          id={portId}
          type="number"
          min={1024}
          max={65535}
          defaultValue={settings.endpointPort}
          onBlur={(event) => onChange({ endpointPort: Number(event.target.value) })}
        />
      </div>
      {status && (
        <p
          className={status.problem ? 'field-problem' : 'muted'}
          data-testid="endpoint-status"
          role={status.problem ? 'alert' : undefined}
        >
          {(status.problem && formatCoreMessage(status.problem, language)) ??
            (status.listening
              ? t('endpoint.listening', { url: `http://127.0.0.1:${status.port}` })
              : t('endpoint.off'))}
        </p>
      )}
      <div className="endpoint-key">
        <code className="token-value mono" data-testid="endpoint-key">
          {key ?? '•'.repeat(24)}
        </code>
        {key ? (
          <CopyButton text={key} label={t('endpoint.copyKey')} testId="copy-endpoint-key" />
        ) : (
          <button
            type="button"
            className="button button-small"
            onClick={() => api.revealEndpointKey().then(setKey, fail)}
            data-testid="reveal-endpoint-key"
          >
            {t('detail.reveal')}
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          onClick={() => setConfirmingRotate(true)}
          data-testid="rotate-endpoint-key"
        >
          {t('endpoint.rotate')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmingRotate}
        title={t('endpoint.rotateTitle')}
        danger
        confirmLabel={t('endpoint.rotateConfirm')}
        onCancel={() => setConfirmingRotate(false)}
        onConfirm={() => {
          setConfirmingRotate(false);
          void api.rotateEndpointKey().then(setKey, fail);
        }}
      >
        <p>{t('endpoint.rotateBody')}</p>
      </ConfirmDialog>
      {status && status.recentRequests.length > 0 && (
        <ol className="endpoint-requests">
          {status.recentRequests.slice(0, 8).map((request) => (
            <li key={`${request.at}-${request.path}-${request.status}`} className="mono">
              {formatClockTime(request.at, language)} {request.method} {request.path} → {request.status}
              {request.count ? ` ×${request.count}` : ''}
            </li>
          ))}
        </ol>
      )}
    </fieldset>
  );
}
