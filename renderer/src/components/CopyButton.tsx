import { useEffect, useState } from 'react';
import { useApi } from '../api-context';
import { copyText } from '../clipboard';
import { useT } from '../i18n/i18n-context';

/** A button that copies `text` and says so for a moment; a failure is shown, not swallowed. */
export function CopyButton({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const api = useApi();
  const t = useT();
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 1500);
    return () => clearTimeout(timer);
  }, [status]);
  return (
    <button
      type="button"
      className={`button button-small copy-button copy-${status}`}
      data-testid={testId}
      onClick={() =>
        copyText(api, text).then(
          () => setStatus('copied'),
          () => setStatus('failed'),
        )
      }
    >
      <span aria-live="polite">
        {status === 'copied' ? t('copy.copied') : status === 'failed' ? t('copy.failed') : label}
      </span>
    </button>
  );
}
