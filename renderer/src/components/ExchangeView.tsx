import type { Exchange } from '../../../electron/core/wechat/types';
import { useT } from '../i18n/i18n-context';
import { CopyButton } from './CopyButton';
import { JsonView } from './JsonView';

/** Seconds our clock is ahead of WeChat's (negative: behind), from the response's Date header. */
export function clockSkewSeconds(exchange: Exchange): number | undefined {
  if (!exchange.serverDate) return undefined;
  const server = Date.parse(exchange.serverDate);
  if (Number.isNaN(server)) return undefined;
  // The Date header has whole seconds; compare with the middle of the round trip.
  const local = (exchange.startedAt + exchange.finishedAt) / 2;
  return Math.round((local - server) / 1000);
}

/** One exchange as it went over the wire: request (secret redacted), response, status, latency, clock skew. */
export function ExchangeView({ exchange }: { exchange: Exchange }) {
  const t = useT();
  const skew = clockSkewSeconds(exchange);
  const requestText = `${exchange.request.method} ${exchange.request.url}${exchange.request.body ? `\n\n${exchange.request.body}` : ''}`;
  const responseText = exchange.bodyText ?? JSON.stringify(exchange.outcome, null, 2);
  return (
    <div className="exchange" data-testid="exchange-view">
      <dl className="exchange-facts">
        <div>
          <dt>{t('detail.status')}</dt>
          <dd className="mono">{exchange.status ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('detail.latency')}</dt>
          <dd className="mono">{Math.round(exchange.latencyMs)} ms</dd>
        </div>
        <div>
          <dt>{t('detail.skew')}</dt>
          <dd className={`mono${skew !== undefined && Math.abs(skew) > 30 ? ' text-warning' : ''}`}>
            {skew === undefined ? '—' : `${skew > 0 ? '+' : ''}${skew} s`}
          </dd>
        </div>
      </dl>
      <div className="exchange-columns">
        <div>
          <div className="exchange-column-head">
            <h3>{t('detail.request')}</h3>
            <CopyButton text={requestText} label={t('copy.copy')} />
          </div>
          <pre className="json-view request-line" data-testid="exchange-request">
            <code>
              <span className="http-method">{exchange.request.method}</span> {exchange.request.url}
            </code>
          </pre>
          {exchange.request.body && <JsonView label={t('detail.request')} text={exchange.request.body} />}
        </div>
        <div>
          <div className="exchange-column-head">
            <h3>{t('detail.response')}</h3>
            <CopyButton text={responseText} label={t('copy.copy')} />
          </div>
          <JsonView label={t('detail.response')} text={responseText} />
        </div>
      </div>
    </div>
  );
}
