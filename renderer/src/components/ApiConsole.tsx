import { useId, useState } from 'react';
import type { ConsoleMethod, ConsoleResult } from '../../../electron/core/contract/api-tools-views';
import type { AccountView } from '../../../electron/core/contract/views';
import { commonApisFor } from '../../../electron/core/console/api-catalogue';
import { curlCommand } from '../../../electron/core/console/curl';
import type { Exchange, RidResult } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { CopyButton } from './CopyButton';
import { ExchangeView } from './ExchangeView';
import { JsonView } from './JsonView';

/** `k=v` lines (blank lines skipped) as query pairs. */
function queryPairs(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const equals = line.indexOf('=');
      return equals < 0 ? [line, ''] : [line.slice(0, equals), line.slice(equals + 1)];
    });
}

/**
 * Call any API with the managed token, from this machine: method, path (with the list of common APIs), query, JSON
 * body. Shows the raw exchange, WeChat's errcode explained, an image as an image, and "copy as curl".
 */
export function ApiConsole({ account, apiBase }: { account: AccountView; apiBase: string }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const describeError = useErrorText();
  const listId = useId();
  const [method, setMethod] = useState<ConsoleMethod>('GET');
  const [path, setPath] = useState('');
  const [query, setQuery] = useState('');
  const [body, setBody] = useState('');
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<ConsoleResult>();
  const [problem, setProblem] = useState<string>();
  const [rid, setRid] = useState<Exchange<RidResult>>();
  const apis = commonApisFor(account.kind);

  const choosePath = (next: string) => {
    setPath(next);
    const known = apis.find((candidate) => candidate.path === next);
    if (!known) return;
    setMethod(known.method);
    setQuery(known.query ?? '');
    setBody(known.body ?? '');
  };
  const send = async () => {
    setSending(true);
    setProblem(undefined);
    setRid(undefined);
    try {
      const pairs = queryPairs(query);
      setResult(
        await api.callApi(account.id, {
          method,
          path,
          ...(pairs.length ? { query: pairs } : {}),
          ...(method === 'POST' && body.trim() ? { body } : {}),
        }),
      );
    } catch (error) {
      setResult(undefined);
      setProblem(describeError(error));
    } finally {
      setSending(false);
    }
  };

  const exchange = result?.exchange;
  const outcome = exchange?.outcome;
  const image = result?.binaryBase64 && exchange?.result ? exchange.result : undefined;
  return (
    <section className="panel api-console" aria-label={t('console.title')} data-testid="api-console">
      <h2>{t('console.title')}</h2>
      <p className="muted">{t('console.body', { base: apiBase })}</p>
      <form
        className="console-form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="console-line">
          <select
            aria-label={t('console.method')}
            value={method}
            onChange={(event) => setMethod(event.target.value as ConsoleMethod)}
            data-testid="console-method"
          >
            <option value="GET">GET</option>
            <option value="POST">POST</option>
          </select>
          <input
            className="mono console-path"
            aria-label={t('console.path')}
            placeholder="/cgi-bin/menu/get"
            list={listId}
            value={path}
            onChange={(event) => choosePath(event.target.value)}
            spellCheck={false}
            data-testid="console-path"
          />
          <datalist id={listId}>
            {apis.map((candidate) => (
              <option key={`${candidate.method} ${candidate.path}`} value={candidate.path}>
                {`${candidate.method} · ${candidate.title[language]}`}
              </option>
            ))}
          </datalist>
          <button
            type="submit"
            className="button button-primary"
            disabled={sending || path.trim() === ''}
            data-testid="console-send"
          >
            {t('console.send')}
          </button>
        </div>
        <label className="console-field">
          <span>{t('console.query')}</span>
          <textarea
            className="mono"
            rows={2}
            value={query}
            placeholder="next_openid="
            onChange={(event) => setQuery(event.target.value)}
            spellCheck={false}
            data-testid="console-query"
          />
        </label>
        {method === 'POST' && (
          <label className="console-field">
            <span>{t('console.jsonBody')}</span>
            <textarea
              className="mono"
              rows={5}
              value={body}
              onChange={(event) => setBody(event.target.value)}
              spellCheck={false}
              data-testid="console-body"
            />
          </label>
        )}
      </form>
      {problem && (
        <p className="form-error" role="alert" data-testid="console-problem">
          {problem}
        </p>
      )}
      {exchange && (
        <div className="console-result" data-testid="console-result">
          {result.refused && (
            <p className="diag-note" data-testid="console-retried">
              {t('console.retried')}
            </p>
          )}
          {outcome?.kind === 'wechat-error' && (
            <section className="diag-card diag-error" data-testid="console-errcode">
              <h3>
                <span className="errcode">{outcome.errcode}</span>{' '}
                {outcome.entry?.meaning[language] ?? t('console.notInCatalogue')}
              </h3>
              {outcome.entry && (
                <>
                  <p>
                    <strong>{t('diag.cause')}:</strong> {outcome.entry.cause[language]}
                  </p>
                  <p>
                    <strong>{t('diag.action')}:</strong> {outcome.entry.action[language]}
                  </p>
                </>
              )}
              {outcome.rid && account.kind !== 'wecom' && (
                <div className="diag-actions">
                  <code className="mono">rid {outcome.rid}</code>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() =>
                      api
                        .lookupRid(account.id, outcome.rid!)
                        .then(setRid, (error: unknown) => setProblem(describeError(error)))
                    }
                    data-testid="console-rid-lookup"
                  >
                    {t('console.lookupRid')}
                  </button>
                </div>
              )}
              {rid && <JsonView label="rid" text={rid.bodyText ?? JSON.stringify(rid.outcome)} />}
            </section>
          )}
          {image && (
            <figure className="console-image" data-testid="console-image">
              <img
                src={`data:${image.contentType};base64,${result.binaryBase64}`}
                alt={t('console.imageAlt', { type: image.contentType })}
              />
              <figcaption className="muted">
                {image.contentType} · {image.byteLength} B{' '}
                <a
                  href={`data:${image.contentType};base64,${result.binaryBase64}`}
                  download={`${path.split('/').pop() || 'answer'}.${image.contentType.split('/')[1] ?? 'bin'}`}
                >
                  {t('console.save')}
                </a>
              </figcaption>
            </figure>
          )}
          <div className="snippet-row">
            <CopyButton text={curlCommand(exchange.request)} label={t('console.copyCurl')} testId="console-copy-curl" />
            {account.token && (
              <CopyButton
                text={curlCommand(exchange.request, account.token.value)}
                label={t('console.copyCurlWithToken')}
                testId="console-copy-curl-with-token"
              />
            )}
          </div>
          {/* An image has no text to show: the response column names it instead. */}
          <ExchangeView
            exchange={
              image
                ? {
                    ...exchange,
                    bodyText: t('console.binaryBody', { type: image.contentType, bytes: image.byteLength }),
                  }
                : exchange
            }
          />
        </div>
      )}
    </section>
  );
}
