import { useId, useState } from 'react';
import { ACCOUNT_SOURCES, type AccountSource, type FollowConfig } from '../../../electron/core/accounts/account-schema';
import type { AccountDraft, TeamSourceTest } from '../../../electron/core/contract/views';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import { FORMAT_NAMES, REDIS_FORMATS, type RedisFormat } from '../../../electron/core/team/redis-formats';
import { useApi } from '../api-context';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';

/**
 * Team mode in the account form: where the token comes from (WeChat, or a team's Redis / token service that the desk
 * only follows), how to reach it, and "Test connection" — which tells unreachable, auth, TLS, missing key and a value
 * in another format apart, with a redacted sample.
 */
export interface TeamSourceFieldsProps {
  draft: AccountDraft;
  onChange: (source: AccountSource, follow: FollowConfig | undefined) => void;
  /** The core's problem with the follow settings, worded already. */
  problem?: string;
  accountId?: string;
}

const newRedis = (): FollowConfig => ({
  kind: 'redis',
  url: 'redis://127.0.0.1:6379/0',
  format: 'wxjava',
  keyPrefix: null,
  keyTemplate: null,
  valueField: null,
  agentId: null,
});
const newCentral = (): FollowConfig => ({ kind: 'central', url: '', tokenField: null });

export function TeamSourceFields({ draft, onChange, problem, accountId }: TeamSourceFieldsProps) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  const describeError = useErrorText();
  const id = useId();
  const [result, setResult] = useState<string>();
  const [testing, setTesting] = useState(false);
  const source = draft.source ?? 'wechat';
  const follow = draft.follow;

  const setSource = (next: AccountSource) => {
    setResult(undefined);
    onChange(next, next === 'redis' ? newRedis() : next === 'central' ? newCentral() : undefined);
  };
  const patch = (changes: Partial<FollowConfig>) => {
    setResult(undefined);
    if (follow) onChange(source, { ...follow, ...changes } as FollowConfig);
  };
  const text = (value: string) => (value.trim() === '' ? null : value);

  const test = async () => {
    setTesting(true);
    try {
      setResult(describe(await api.testTeamSource(draft, accountId)));
    } catch (error) {
      setResult(describeError(error));
    } finally {
      setTesting(false);
    }
  };

  const describe = (outcome: TeamSourceTest): string => {
    switch (outcome.kind) {
      case 'ok':
        return outcome.expiresAt === null
          ? t('team.test.ok', { preview: outcome.tokenPreview, where: outcome.where })
          : t('team.test.ok.expires', {
              preview: outcome.tokenPreview,
              where: outcome.where,
              at: new Date(outcome.expiresAt).toLocaleString(language),
            });
      case 'key-missing':
        return t('team.test.key-missing', { where: outcome.where });
      case 'unexpected-format':
        return t('team.test.unexpected-format', {
          where: outcome.where,
          reason: outcome.reason,
          sample: outcome.sample,
        });
      case 'invalid':
        return formatCoreMessage(outcome.message, language);
      default:
        return t(`team.test.${outcome.kind}`, { message: outcome.message });
    }
  };

  return (
    <div className="field form-wide team-source" data-testid="team-source">
      <label htmlFor={`${id}-source`}>{t('team.source')}</label>
      <select
        id={`${id}-source`}
        value={source}
        onChange={(event) => setSource(event.target.value as AccountSource)}
        data-testid="field-source"
      >
        {ACCOUNT_SOURCES.map((option) => (
          <option key={option} value={option}>
            {t(`team.source.${option}`)}
          </option>
        ))}
      </select>
      {source !== 'wechat' && <p className="field-hint">{t('team.sourceHint')}</p>}
      {follow?.kind === 'redis' && (
        <div className="team-source-grid">
          <label htmlFor={`${id}-url`}>{t('team.redisUrl')}</label>
          <input
            id={`${id}-url`}
            className="mono"
            value={follow.url}
            onChange={(event) => patch({ url: event.target.value })}
            spellCheck={false}
            data-testid="field-redis-url"
          />
          <label htmlFor={`${id}-format`}>{t('team.format')}</label>
          <select
            id={`${id}-format`}
            value={follow.format}
            onChange={(event) => patch({ format: event.target.value as RedisFormat })}
            data-testid="field-redis-format"
          >
            {REDIS_FORMATS.map((format) => (
              <option key={format} value={format}>
                {FORMAT_NAMES[format]}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-prefix`}>
            {follow.format === 'custom' ? t('team.keyTemplate') : t('team.keyPrefix')}
          </label>
          <input
            id={`${id}-prefix`}
            className="mono"
            value={(follow.format === 'custom' ? follow.keyTemplate : follow.keyPrefix) ?? ''}
            onChange={(event) =>
              patch(
                follow.format === 'custom'
                  ? { keyTemplate: text(event.target.value) }
                  : { keyPrefix: text(event.target.value) },
              )
            }
            spellCheck={false}
            data-testid="field-redis-key"
          />
          {follow.format === 'custom' && (
            <>
              <label htmlFor={`${id}-field`}>{t('team.valueField')}</label>
              <input
                id={`${id}-field`}
                className="mono"
                value={follow.valueField ?? ''}
                onChange={(event) => patch({ valueField: text(event.target.value) })}
                spellCheck={false}
              />
            </>
          )}
          <p className="field-hint">{t('team.redisUrlHint')}</p>
        </div>
      )}
      {follow?.kind === 'central' && (
        <div className="team-source-grid">
          <label htmlFor={`${id}-central`}>{t('team.centralUrl')}</label>
          <input
            id={`${id}-central`}
            className="mono"
            value={follow.url}
            onChange={(event) => patch({ url: event.target.value })}
            placeholder="https://token.team.example/cgi-bin/token?appid=wx…"
            spellCheck={false}
            data-testid="field-central-url"
          />
          <label htmlFor={`${id}-token-field`}>{t('team.tokenField')}</label>
          <input
            id={`${id}-token-field`}
            className="mono"
            value={follow.tokenField ?? ''}
            onChange={(event) => patch({ tokenField: text(event.target.value) })}
            spellCheck={false}
          />
        </div>
      )}
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      {source !== 'wechat' && (
        <div className="team-source-test">
          <button
            type="button"
            className="button button-small"
            onClick={() => void test()}
            disabled={testing}
            data-testid="team-test"
          >
            {t('team.test')}
          </button>
          {result && (
            <output className="mono" data-testid="team-test-result">
              {result}
            </output>
          )}
        </div>
      )}
    </div>
  );
}
