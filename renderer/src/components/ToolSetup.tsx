import { useState } from 'react';
import type { AccountView } from '../../../electron/core/contract/views';
import { brunoCollectionFile, postmanSetupCollection } from '../../../electron/core/snippets/snippets';
import { useApi } from '../api-context';
import { copyText } from '../clipboard';
import { useErrorText, useT } from '../i18n/i18n-context';
import { saveTextFile } from '../save-file';

export interface ToolSetupProps {
  account: AccountView;
  /** What the snippets ask the endpoint for: the AppID, unless another account shares it. */
  alias: string;
  apiBase: string;
  endpointEnabled: boolean;
  endpointPort: number;
  onError: (message: string) => void;
}

type Tool = 'postman' | 'bruno';
type Delivery = 'copy' | 'save';

/**
 * Postman / Apifox / Bruno in one step: turns the local endpoint on if it is off, then copies (or saves) a ready
 * collection whose pre-request script takes the token from TokenDesk. The Postman one carries the endpoint key too.
 */
export function ToolSetup({ account, alias, apiBase, endpointEnabled, endpointPort, onError }: ToolSetupProps) {
  const t = useT();
  const api = useApi();
  const describeError = useErrorText();
  const [done, setDone] = useState<{ tool: Tool; delivery: Delivery; turnedOn: boolean }>();
  const [busy, setBusy] = useState(false);

  const setUp = async (tool: Tool, delivery: Delivery) => {
    setBusy(true);
    try {
      const turnedOn = !endpointEnabled;
      if (turnedOn) await api.setSettings({ endpointEnabled: true });
      const context = { label: account.label, alias, apiBase, endpointPort };
      const text =
        tool === 'postman'
          ? postmanSetupCollection({ ...context, endpointKey: await api.revealEndpointKey() })
          : brunoCollectionFile(context);
      const fileName = tool === 'postman' ? `TokenDesk ${account.label}.postman_collection.json` : 'collection.bru';
      if (delivery === 'copy') await copyText(api, text);
      else saveTextFile(fileName, text, tool === 'postman' ? 'application/json' : 'text/plain');
      setDone({ tool, delivery, turnedOn });
    } catch (error) {
      onError(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel tool-setup" aria-labelledby="tool-setup-title" data-testid="tool-setup">
      <h2 id="tool-setup-title">{t('tools.title')}</h2>
      <p className="muted">{t('tools.body')}</p>
      {!endpointEnabled && (
        <p className="tool-setup-warning" data-testid="endpoint-off-warning">
          {t('tools.endpointOff')}
        </p>
      )}
      <div className="snippet-row">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => void setUp('postman', 'copy')}
          data-testid="setup-postman"
        >
          {t('tools.postman')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void setUp('postman', 'save')}
          data-testid="save-postman"
        >
          {t('tools.saveFile')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void setUp('bruno', 'copy')}
          data-testid="setup-bruno"
        >
          {t('tools.bruno')}
        </button>
      </div>
      {done && (
        <p className="tool-setup-done" role="status" data-testid="tool-setup-done">
          {done.turnedOn && `${t('tools.turnedOn', { port: endpointPort })} `}
          {done.tool === 'postman'
            ? t(done.delivery === 'copy' ? 'tools.postmanCopied' : 'tools.postmanSaved')
            : t('tools.brunoCopied')}
        </p>
      )}
    </section>
  );
}
