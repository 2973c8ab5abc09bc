import { useEffect, useState } from 'react';
import type { IpProbeResult, IpSighting } from '../../../electron/core/contract/api-tools-views';
import type { AccountView } from '../../../electron/core/contract/views';
import { useApi } from '../api-context';
import { formatClockTime } from '../format/duration';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { CopyButton } from './CopyButton';

/** "What IP does WeChat see?": asks WeChat (a harmless error, then its rid), keeps the history, says when it changed. */
export function IpCard({ account }: { account: AccountView }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const describeError = useErrorText();
  const [sightings, setSightings] = useState<IpSighting[]>([]);
  const [probe, setProbe] = useState<IpProbeResult>();
  const [problem, setProblem] = useState<string>();
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    let live = true;
    api.listIpSightings(account.id).then(
      (list) => live && setSightings(list),
      () => undefined, // the card still works: the first probe starts the list
    );
    return () => {
      live = false;
    };
  }, [api, account.id]);

  const ask = async () => {
    setAsking(true);
    setProblem(undefined);
    try {
      const result = await api.probeIp(account.id);
      setProbe(result);
      setSightings(result.sightings);
      if (!result.ip) setProblem(t('ip.notRevealed'));
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setAsking(false);
    }
  };

  const current = probe?.ip ?? sightings[0]?.ip;
  return (
    <section className="panel ip-card" aria-label={t('ip.title')} data-testid="ip-card">
      <div className="token-card-head">
        <h2>{t('ip.title')}</h2>
        <button
          type="button"
          className="button button-small"
          disabled={asking}
          onClick={() => void ask()}
          data-testid="ip-probe"
        >
          {t('ip.ask')}
        </button>
      </div>
      <p className="muted">{t('ip.body')}</p>
      {current ? (
        <div className="token-value-row">
          <code className="token-value mono ip-value" data-testid="ip-value">
            {current}
          </code>
          <CopyButton text={current} label={t('diag.ip.copy')} testId="copy-seen-ip" />
          {probe?.rawIp && <span className="muted mono">({probe.rawIp})</span>}
        </div>
      ) : (
        <p className="muted">{t('ip.none')}</p>
      )}
      {probe?.changedFrom && (
        <p className="diag-note" data-testid="ip-changed">
          {t('ip.changed', { ip: probe.changedFrom })}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {sightings.length > 1 && (
        <ol className="ip-sightings" aria-label={t('ip.history')} data-testid="ip-sightings">
          {sightings.slice(0, 6).map((sighting) => (
            <li key={`${sighting.at} ${sighting.ip}`}>
              <span className="mono">{sighting.ip}</span>{' '}
              <span className="muted">{formatClockTime(sighting.at, language)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
