import type { AccountView } from '../../../electron/core/contract/views';
import { useLanguage, useT } from '../i18n/i18n-context';

/**
 * Team mode on an account's detail: "Followed from Redis · WxJava · key …", how following goes, and when the team
 * server last rotated the token. Nothing for an account TokenDesk refreshes itself.
 */
export function FollowBadge({ account }: { account: AccountView }) {
  const t = useT();
  const language = useLanguage();
  const follow = account.followStatus;
  if (!follow) return null;
  const at = (epochMs: number) => new Date(epochMs).toLocaleTimeString(language);
  return (
    <section className={`follow-badge follow-${follow.status}`} data-testid="follow-badge">
      <strong>{t('team.badge', { source: follow.source })}</strong>
      {follow.where && (
        <code className="mono" data-testid="follow-where">
          {follow.where}
        </code>
      )}
      <span className="follow-status" data-testid="follow-status">
        {t(`team.status.${follow.status}`)}
      </span>
      {follow.rotatedAt !== undefined && (
        <span data-testid="follow-rotated">{t('team.rotatedAt', { at: at(follow.rotatedAt) })}</span>
      )}
    </section>
  );
}

/** Where the desk publishes this managed account's token (Redis, in an SDK's format), and how the last write went. */
export function PublishTargetsNote({ account }: { account: AccountView }) {
  const t = useT();
  const language = useLanguage();
  const targets = account.publishTargets;
  if (!targets?.length) return null;
  const at = (epochMs: number) => new Date(epochMs).toLocaleTimeString(language);
  return (
    <section className="follow-badge" data-testid="publish-targets">
      {targets.map((target) => (
        <div key={target.id} className="publish-target" data-testid="publish-target">
          <strong>{t('team.published', { url: target.url, format: target.format })}</strong>{' '}
          <code className="mono">{target.key}</code>{' '}
          {target.status && (
            <span className={`publish-${target.status.kind}`} data-testid="publish-status">
              {target.status.kind === 'failed'
                ? t('team.publish.failed', { detail: target.status.detail })
                : target.status.kind === 'locked'
                  ? t('team.publish.locked')
                  : t(`team.publish.${target.status.kind}`, { at: at(target.status.at) })}
            </span>
          )}
        </div>
      ))}
    </section>
  );
}
