import { Switch } from 'radix-ui';
import { useMemo, useState } from 'react';
import { accountHealth } from '../../../electron/core/contract/health';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import type { AccountView } from '../../../electron/core/contract/views';
import {
  accessTokenQuery,
  brunoPreRequestScript,
  curlExample,
  postmanEnvironment,
  postmanPreRequestScript,
} from '../../../electron/core/snippets/snippets';
import type { Exchange } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { useNowCrossing } from '../clock/shared-clock';
import { tokenExpiries } from '../desk-entries';
import { formatClockTime } from '../format/duration';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { FollowBadge, PublishTargetsNote } from './FollowBadge';
import { AccountTools } from './AccountTools';
import { CopyButton } from './CopyButton';
import { Countdown } from './Countdown';
import { DiagnosisCards } from './DiagnosisCards';
import { ExchangeView } from './ExchangeView';
import { HealthLabel } from './HealthBadge';
import { HistoryTimeline } from './HistoryTimeline';
import { KindIcon } from './KindIcon';
import { ToolSetup } from './ToolSetup';

const DEFAULT_API_BASE = { wechat: 'https://api.weixin.qq.com', wecom: 'https://qyapi.weixin.qq.com' };

export type RiskyAction = 'refresh' | 'force';

export interface AccountDetailProps {
  account: AccountView;
  globalApiBase?: string;
  /** Another account uses the same AppID (two refreshers invalidate each other's tokens). */
  duplicateAppId: boolean;
  /** Another account has this AppID (or CorpID): the local endpoint can't tell them apart by it. */
  appIdShared: boolean;
  /** The local endpoint's port, for the Postman / Bruno snippets. */
  endpointPort: number;
  /** Whether the local endpoint is on: the snippets get no token while it is off. */
  endpointEnabled: boolean;
  onEdit: () => void;
  onDelete: () => void;
  /** Asks the user first when the action can break other holders of the token; resolves when done. */
  onRiskyAction: (action: RiskyAction) => void;
  onError: (message: string) => void;
}

function maskToken(token: string): string {
  return token.length <= 12 ? '•'.repeat(token.length) : `${token.slice(0, 6)}${'•'.repeat(18)}${token.slice(-6)}`;
}

/** The selected account. Rendered with `key={account.id}`, so switching accounts starts from a hidden token. */
export function AccountDetail({
  account,
  globalApiBase,
  duplicateAppId,
  appIdShared,
  endpointPort,
  endpointEnabled,
  onEdit,
  onDelete,
  onRiskyAction,
  onError,
}: AccountDetailProps) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const [revealed, setRevealed] = useState(false);
  const [checkExchange, setCheckExchange] = useState<Exchange>();

  const apiBase =
    account.apiBase ?? globalApiBase ?? (account.kind === 'wecom' ? DEFAULT_API_BASE.wecom : DEFAULT_API_BASE.wechat);
  // Snippets address the account by AppID, which a rename doesn't change; by label only where the AppID is shared.
  const endpointAlias = appIdShared ? account.label : account.appId;
  const token = account.token;
  const snippets = useMemo(() => {
    if (!token) return [];
    const context = { alias: endpointAlias, accessToken: token.value, apiBase, label: account.label, endpointPort };
    return [
      { key: 'query', label: t('detail.copyQuery'), text: accessTokenQuery(context) },
      { key: 'curl', label: t('detail.copyCurl'), text: curlExample(context) },
      { key: 'postman', label: t('detail.copyPostman'), text: postmanPreRequestScript(context) },
      { key: 'bruno', label: t('detail.copyBruno'), text: brunoPreRequestScript(context) },
      { key: 'postman-env', label: t('detail.copyPostmanEnv'), text: postmanEnvironment(context) },
    ];
  }, [token, account.label, endpointAlias, apiBase, endpointPort, t]);

  const describeError = useErrorText();
  const run = (action: () => Promise<unknown>) => action().catch((error: unknown) => onError(describeError(error)));
  const expiries = useMemo(() => tokenExpiries([account]), [account]);
  const healthNow = useNowCrossing(expiries);
  const health = accountHealth(account, healthNow);
  const busy = health.kind === 'refreshing';
  // After a refusal, the one useful action is a real call to WeChat (a read of the cache would repeat the failure).
  const needsRetry = health.kind === 'actionNeeded' || health.kind === 'retrying';
  // A followed token changes when the team server rotates it; TokenDesk itself never renews it.
  const nextRefresh = account.followStatus
    ? t('detail.byTeamServer')
    : account.state.nextRefreshAt
      ? formatClockTime(account.state.nextRefreshAt, language)
      : !account.autoRefresh
        ? t('health.pausedByYou')
        : health.kind === 'actionNeeded'
          ? t('detail.afterRetry')
          : t('detail.manualOnly');
  // The core's own reason (WeChat's refusal explained, a network error in words) in the UI language, else a general line.
  const reason = health.reason && formatCoreMessage(health.reason, language);
  const healthBody =
    health.kind === 'actionNeeded'
      ? (reason ?? t('health.actionNeededBody'))
      : health.kind === 'retrying'
        ? [
            reason,
            health.nextAttemptAt &&
              t(reason ? 'health.nextAttempt' : 'health.retryingBody', {
                time: formatClockTime(health.nextAttemptAt, language),
              }),
          ]
            .filter(Boolean)
            .join(' ')
        : health.kind === 'pausedByYou'
          ? t('health.pausedByYouBody')
          : undefined;

  return (
    <article className="account-detail" data-testid="account-detail" aria-labelledby="detail-title">
      <header className="detail-header">
        <KindIcon kind={account.kind} label={t(`kind.${account.kind}`)} />
        <div className="detail-heading">
          <h1 id="detail-title" tabIndex={-1}>
            {account.label}
          </h1>
          <div className="detail-meta">
            <span className={`env-badge env-${account.environment}`}>{t(`env.${account.environment}`)}</span>
            <span>{t(`kind.${account.kind}`)}</span>
            <code className="mono">{account.appId}</code>
            {duplicateAppId && (
              <span className="duplicate-flag" title={t('sidebar.duplicateHint')} data-testid="detail-duplicate-app-id">
                {t('sidebar.duplicate')}
              </span>
            )}
            <span>{t(`mode.${account.tokenMode}`)}</span>
          </div>
        </div>
        <span className="spacer" />
        <button type="button" className="button button-small" onClick={onEdit} data-testid="edit-account">
          {t('detail.edit')}
        </button>
        <button
          type="button"
          className="button button-small button-danger-quiet"
          onClick={onDelete}
          data-testid="delete-account"
        >
          {t('detail.delete')}
        </button>
      </header>

      <FollowBadge account={account} />
      <PublishTargetsNote account={account} />

      <section className="token-card" aria-label={t('detail.token')}>
        <div className="token-card-head">
          <h2>{t('detail.token')}</h2>
          <span className={`status-pill health-pill-${health.kind}`} data-testid="account-status">
            <HealthLabel health={health} />
          </span>
        </div>
        {healthBody && (
          <p className={`health-body health-body-${health.kind}`} data-testid="health-body">
            {healthBody}
            {health.tokenUsable && health.kind === 'actionNeeded' && <> {t('health.tokenStillValid')}</>}
          </p>
        )}
        {token ? (
          <>
            <div className="token-value-row">
              <code className="token-value mono" data-testid="token-value">
                {revealed ? token.value : maskToken(token.value)}
              </code>
              <button
                type="button"
                className="button button-small"
                onClick={() => setRevealed(!revealed)}
                aria-pressed={revealed}
                data-testid="reveal-token"
              >
                {revealed ? t('detail.hide') : t('detail.reveal')}
              </button>
              <CopyButton text={token.value} label={t('detail.copyToken')} testId="copy-token" />
            </div>
            <dl className="token-times">
              <div>
                <dt>{t('detail.expiresIn')}</dt>
                <dd>
                  <Countdown
                    obtainedAt={token.obtainedAt}
                    expiresAt={token.expiresAt}
                    warnBelowSeconds={account.marginSeconds ?? 300}
                    size={16}
                  />
                </dd>
              </div>
              <div>
                <dt>{t('detail.expiresAt')}</dt>
                <dd className="mono">{formatClockTime(token.expiresAt, language)}</dd>
              </div>
              <div>
                <dt>{t('detail.obtainedAt')}</dt>
                <dd className="mono">{formatClockTime(token.obtainedAt, language)}</dd>
              </div>
              <div>
                <dt>{t('detail.nextRefresh')}</dt>
                <dd className="mono">{nextRefresh}</dd>
              </div>
            </dl>
            <div className="snippet-row">
              {snippets.map((snippet) => (
                <CopyButton
                  key={snippet.key}
                  text={snippet.text}
                  label={snippet.label}
                  testId={`copy-${snippet.key}`}
                />
              ))}
            </div>
          </>
        ) : (
          <p className="muted">{t('detail.noToken')}</p>
        )}
        <div className="action-row">
          {needsRetry ? (
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => onRiskyAction('refresh')}
              title={t('detail.retryNowHint')}
              data-testid="retry-now"
            >
              {t('detail.retryNow')}
            </button>
          ) : (
            <>
              {!token && (
                <button
                  type="button"
                  className="button button-primary"
                  disabled={busy}
                  onClick={() => run(() => api.getToken(account.id))}
                  title={t('detail.getTokenHint')}
                  data-testid="get-token"
                >
                  {t('detail.getToken')}
                </button>
              )}
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => onRiskyAction('refresh')}
                title={t('detail.refreshHint')}
                data-testid="refresh-token"
              >
                {t('detail.refresh')}
              </button>
            </>
          )}
          {/* A followed token (team mode) is never force-refreshed here: that would invalidate the team's token. */}
          {account.tokenMode === 'stable' && !account.followStatus && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => onRiskyAction('force')}
              title={t('detail.forceRefreshHint')}
              data-testid="force-refresh"
            >
              {t('detail.forceRefresh')}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={!token}
            onClick={() => run(() => api.checkToken(account.id).then(setCheckExchange))}
            data-testid="check-token"
          >
            {t('detail.check')}
          </button>
          <span className="spacer" />
          {!account.followStatus && (
            <label className="switch-line">
              <Switch.Root
                className="switch"
                checked={account.autoRefresh}
                onCheckedChange={(on) => run(() => api.setAutoRefresh(account.id, on))}
                data-testid="auto-refresh"
              >
                <Switch.Thumb className="switch-thumb" />
              </Switch.Root>
              {t('detail.autoRefresh')}
            </label>
          )}
        </div>
      </section>

      <DiagnosisCards account={account} />

      <ToolSetup
        account={account}
        alias={endpointAlias}
        apiBase={apiBase}
        endpointEnabled={endpointEnabled}
        endpointPort={endpointPort}
        onError={onError}
      />

      <AccountTools account={account} apiBase={apiBase} />

      {checkExchange && (
        <section className="panel" aria-label={t('detail.checkResult')} data-testid="check-result">
          <h2>{t('detail.checkResult')}</h2>
          <ExchangeView exchange={checkExchange} />
        </section>
      )}

      {/* Only token exchanges land here: a check, quota read or rid lookup has its own place and never hides it. */}
      {account.lastExchange && (
        <section className="panel" aria-label={t('detail.lastExchange')} data-testid="last-exchange">
          <h2>{t('detail.lastExchange')}</h2>
          <ExchangeView exchange={account.lastExchange} />
        </section>
      )}

      <HistoryTimeline accountId={account.id} refreshKey={account.latestHistoryId} />
    </article>
  );
}
