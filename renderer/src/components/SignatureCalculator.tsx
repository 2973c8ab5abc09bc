import { useEffect, useState } from 'react';
import type { HeldTicket, SignView, TicketType, TicketView } from '../../../electron/core/contract/api-tools-views';
import type { AccountView } from '../../../electron/core/contract/views';
import { useApi } from '../api-context';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { CopyButton } from './CopyButton';
import { Countdown } from './Countdown';

/** JS-SDK tickets with countdowns, and the signature for a page: URL (without #…), noncestr, timestamp → signature. */
export function SignatureCalculator({ account }: { account: AccountView }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const describeError = useErrorText();
  const wecom = account.kind === 'wecom';
  const ticketTypes: TicketType[] = wecom ? ['wecom-corp', 'wecom-agent'] : ['jsapi', 'wx_card'];
  const [held, setHeld] = useState<HeldTicket[]>([]);
  const [refusal, setRefusal] = useState<TicketView['exchange']>();
  const [problem, setProblem] = useState<string>();
  const [url, setUrl] = useState('');
  const [nonceStr, setNonceStr] = useState('');
  const [timestamp, setTimestamp] = useState('');
  const [signType, setSignType] = useState<'jsapi' | 'wecom-corp' | 'wecom-agent'>(wecom ? 'wecom-corp' : 'jsapi');
  const [signed, setSigned] = useState<SignView>();

  useEffect(() => {
    let live = true;
    api.listTickets(account.id).then(
      (list) => live && setHeld(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, account.id]);

  const remember = (ticket: HeldTicket) =>
    setHeld((list) => [...list.filter((other) => other.type !== ticket.type), ticket]);
  const fail = (error: unknown) => setProblem(describeError(error));
  const getTicket = (type: TicketType, renew: boolean) => {
    setProblem(undefined);
    api.getTicket(account.id, type, renew).then((view) => {
      setRefusal(view.exchange?.outcome.kind === 'ok' ? undefined : view.exchange);
      if (view.ticket) remember(view.ticket);
    }, fail);
  };
  const sign = () => {
    setProblem(undefined);
    const seconds = timestamp.trim() === '' ? undefined : Number(timestamp);
    if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 0)) {
      setProblem(t('jssdk.badTimestamp'));
      return;
    }
    api
      .signJsSdk(account.id, {
        url,
        type: signType,
        ...(nonceStr.trim() ? { nonceStr: nonceStr.trim() } : {}),
        ...(seconds !== undefined ? { timestamp: seconds } : {}),
      })
      .then((view) => {
        setSigned(view);
        setRefusal(view.signed ? undefined : view.exchange);
        if (view.ticket) remember(view.ticket);
      }, fail);
  };

  const refusalOutcome = refusal?.outcome;
  return (
    <section className="panel jssdk-card" aria-label={t('jssdk.title')} data-testid="jssdk-card">
      <h2>{t('jssdk.title')}</h2>
      <ul className="ticket-list">
        {ticketTypes.map((type) => {
          const ticket = held.find((candidate) => candidate.type === type);
          return (
            <li key={type} className="ticket-row" data-testid={`ticket-${type}`}>
              <strong>{t(`jssdk.ticket.${type}`)}</strong>
              {ticket ? (
                <>
                  <code className="mono ticket-value" title={ticket.ticket}>
                    {`${ticket.ticket.slice(0, 10)}…${ticket.ticket.slice(-6)}`}
                  </code>
                  <Countdown obtainedAt={ticket.obtainedAt} expiresAt={ticket.expiresAt} size={14} />
                  <CopyButton text={ticket.ticket} label={t('copy.copy')} testId={`copy-ticket-${type}`} />
                </>
              ) : (
                <span className="muted">{t('jssdk.noTicket')}</span>
              )}
              <button
                type="button"
                className="button button-small"
                onClick={() => getTicket(type, Boolean(ticket))}
                data-testid={`get-ticket-${type}`}
              >
                {ticket ? t('jssdk.renew') : t('jssdk.get')}
              </button>
            </li>
          );
        })}
      </ul>
      {refusalOutcome && refusalOutcome.kind !== 'ok' && (
        <p className="form-error" role="alert" data-testid="ticket-refused">
          {refusalOutcome.kind === 'wechat-error'
            ? `${refusalOutcome.errcode} ${refusalOutcome.entry?.meaning[language] ?? refusalOutcome.errmsg}`
            : refusalOutcome.message}
        </p>
      )}

      <form
        className="console-form"
        onSubmit={(event) => {
          event.preventDefault();
          sign();
        }}
      >
        <h3>{t('jssdk.signTitle')}</h3>
        <label className="console-field">
          <span>{t('jssdk.url')}</span>
          <input
            className="mono"
            value={url}
            placeholder="https://example.com/page?x=1"
            onChange={(event) => setUrl(event.target.value)}
            spellCheck={false}
            data-testid="sign-url"
          />
        </label>
        <div className="console-line">
          <label className="console-field">
            <span>noncestr</span>
            <input
              className="mono"
              value={nonceStr}
              placeholder={t('jssdk.generated')}
              onChange={(event) => setNonceStr(event.target.value)}
              data-testid="sign-noncestr"
            />
          </label>
          <label className="console-field">
            <span>timestamp</span>
            <input
              className="mono"
              value={timestamp}
              placeholder={t('jssdk.now')}
              inputMode="numeric"
              onChange={(event) => setTimestamp(event.target.value)}
              data-testid="sign-timestamp"
            />
          </label>
          {wecom && (
            <label className="console-field">
              <span>{t('jssdk.ticketType')}</span>
              <select
                value={signType}
                onChange={(event) => setSignType(event.target.value as 'wecom-corp' | 'wecom-agent')}
              >
                <option value="wecom-corp">{t('jssdk.ticket.wecom-corp')}</option>
                <option value="wecom-agent">{t('jssdk.ticket.wecom-agent')}</option>
              </select>
            </label>
          )}
          <button
            type="submit"
            className="button button-primary"
            disabled={url.trim() === ''}
            data-testid="sign-submit"
          >
            {t('jssdk.sign')}
          </button>
        </div>
      </form>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {signed?.signed && (
        <div className="signature-result" data-testid="signature-result">
          <dl className="signature-facts">
            <div>
              <dt>signature</dt>
              <dd className="mono" data-testid="signature-value">
                {signed.signed.signature}
              </dd>
            </div>
            <div>
              <dt>noncestr</dt>
              <dd className="mono">{signed.signed.nonceStr}</dd>
            </div>
            <div>
              <dt>timestamp</dt>
              <dd className="mono">{signed.signed.timestamp}</dd>
            </div>
            <div>
              <dt>url</dt>
              <dd className="mono">{signed.signed.url}</dd>
            </div>
          </dl>
          <p className="muted">{t('jssdk.signedString')}</p>
          <pre className="json-view signed-string">
            <code>{signed.signed.signedString}</code>
          </pre>
          {signed.snippet && (
            <>
              <pre className="json-view" data-testid="wx-config-snippet">
                <code>{signed.snippet}</code>
              </pre>
              <div className="snippet-row">
                <CopyButton text={signed.signed.signature} label={t('jssdk.copySignature')} testId="copy-signature" />
                <CopyButton text={signed.snippet} label={t('jssdk.copySnippet')} testId="copy-wx-config" />
              </div>
            </>
          )}
        </div>
      )}
    </section>
  );
}
