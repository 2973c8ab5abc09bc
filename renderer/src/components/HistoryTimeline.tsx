import { useEffect, useState } from 'react';
import type { AccountHistoryEntry } from '../../../electron/core/history/history-entry';
import type { Exchange } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { formatClockTime } from '../format/duration';
import { useLanguage, useT, type Translate } from '../i18n/i18n-context';
import { ExchangeView } from './ExchangeView';

/** A row's one-line outcome in the UI language; WeChat's own errmsg stays as WeChat sent it (people search for it). */
function outcomeLabel(exchange: Exchange, t: Translate): string {
  const { outcome } = exchange;
  switch (outcome.kind) {
    case 'ok':
      return t('outcome.ok');
    case 'wechat-error':
      return `${outcome.errcode} ${outcome.errmsg.replace(/,? (rid|hint): .*$/, '')}`;
    case 'network-error':
      return t(`net.${outcome.reason}`);
    case 'bad-response':
      return t(`bad.${outcome.reason}`);
  }
}

/** The account's exchanges and refreshed-elsewhere notes, newest first, with an errors-only filter; a row opens its raw JSON. */
export function HistoryTimeline({ accountId, refreshKey }: { accountId: string; refreshKey?: string }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [entries, setEntries] = useState<AccountHistoryEntry[]>([]);
  const [openId, setOpenId] = useState<string>();
  useEffect(() => {
    let live = true;
    api.listHistory(accountId, { errorsOnly, query: '' }).then(
      (list) => live && setEntries(list),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [api, accountId, errorsOnly, refreshKey]);
  return (
    <section className="panel" aria-label={t('detail.history')} data-testid="history">
      <div className="panel-head">
        <h2>{t('detail.history')}</h2>
        <label className="checkbox-line">
          <input
            type="checkbox"
            checked={errorsOnly}
            onChange={(event) => setErrorsOnly(event.target.checked)}
            data-testid="errors-only"
          />
          {t('detail.errorsOnly')}
        </label>
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t('detail.noHistory')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((entry) =>
            entry.kind === 'refreshed-elsewhere' ? (
              <li key={entry.id} className="timeline-item timeline-elsewhere" data-testid="timeline-elsewhere">
                <div className="timeline-row">
                  <span className="timeline-dot" aria-hidden="true" />
                  <span className="mono timeline-time">{formatClockTime(entry.at, language)}</span>
                  <span className="timeline-call">{t(`call.detected.${entry.detectedBy}`)}</span>
                  <span className="timeline-outcome">
                    {t('diag.elsewhere.title')} ({entry.errcode})
                  </span>
                  <span />
                </div>
              </li>
            ) : (
              <li
                key={entry.id}
                className={`timeline-item ${entry.exchange.outcome.kind === 'ok' ? 'timeline-ok' : 'timeline-error'}`}
              >
                <button
                  type="button"
                  className="timeline-row"
                  aria-expanded={openId === entry.id}
                  onClick={() => setOpenId(openId === entry.id ? undefined : entry.id)}
                >
                  <span className="timeline-dot" aria-hidden="true" />
                  <span className="mono timeline-time">{formatClockTime(entry.at, language)}</span>
                  <span className="timeline-call" title={entry.exchange.call}>
                    {t(`call.${entry.exchange.call}`)}
                  </span>
                  <span className="timeline-outcome">{outcomeLabel(entry.exchange, t)}</span>
                  <span className="mono timeline-latency">{Math.round(entry.exchange.latencyMs)} ms</span>
                </button>
                {openId === entry.id && <ExchangeView exchange={entry.exchange} />}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
