import { useEffect, useState } from 'react';
import type { Exchange } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { formatClockTime } from '../format/duration';
import { useLanguage, useT } from '../i18n/i18n-context';
import { ExchangeView } from './ExchangeView';

function outcomeLabel(exchange: Exchange): string {
  const { outcome } = exchange;
  switch (outcome.kind) {
    case 'ok':
      return 'ok';
    case 'wechat-error':
      return `${outcome.errcode} ${outcome.errmsg.replace(/,? (rid|hint): .*$/, '')}`;
    case 'network-error':
      return `network: ${outcome.reason}`;
    case 'bad-response':
      return `bad response: ${outcome.reason}`;
  }
}

/** The account's exchanges, newest first, with an errors-only filter; a row opens its raw JSON. */
export function HistoryTimeline({ accountId, refreshKey }: { accountId: string; refreshKey?: string }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [entries, setEntries] = useState<Exchange[]>([]);
  const [openId, setOpenId] = useState<string>();
  useEffect(() => {
    let live = true;
    api.listHistory(accountId, { errorsOnly, query: '' }).then((list) => live && setEntries(list), () => {});
    return () => {
      live = false;
    };
  }, [api, accountId, errorsOnly, refreshKey]);
  return (
    <section className="panel" aria-label={t('detail.history')} data-testid="history">
      <div className="panel-head">
        <h2>{t('detail.history')}</h2>
        <label className="checkbox-line">
          <input type="checkbox" checked={errorsOnly} onChange={(event) => setErrorsOnly(event.target.checked)} data-testid="errors-only" />
          {t('detail.errorsOnly')}
        </label>
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t('detail.noHistory')}</p>
      ) : (
        <ol className="timeline">
          {entries.map((exchange) => (
            <li key={exchange.id} className={`timeline-item ${exchange.outcome.kind === 'ok' ? 'timeline-ok' : 'timeline-error'}`}>
              <button type="button" className="timeline-row" aria-expanded={openId === exchange.id} onClick={() => setOpenId(openId === exchange.id ? undefined : exchange.id)}>
                <span className="timeline-dot" aria-hidden="true" />
                <span className="mono timeline-time">{formatClockTime(exchange.startedAt, language)}</span>
                <span className="timeline-call">{exchange.call}</span>
                <span className="timeline-outcome">{outcomeLabel(exchange)}</span>
                <span className="mono timeline-latency">{Math.round(exchange.latencyMs)} ms</span>
              </button>
              {openId === exchange.id && <ExchangeView exchange={exchange} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
