import type { AccountSource, FollowConfig } from '../accounts/account-schema';
import type { CoreMessage } from '../i18n/core-messages';
import { UserError } from '../user-error';
import { splitRedisUrl } from './redis-url';
import { FORMAT_NAMES, REDIS_FORMATS } from './redis-formats';

/**
 * Checks how a followed account reaches its team's token, and says what to fix. A password written in a Redis URL is
 * taken out here (`connectionPassword`) so only the keychain ever holds it; the stored URL has none.
 */
export type FollowCheck =
  | { ok: true; follow: FollowConfig | undefined; connectionPassword?: string }
  | { ok: false; field: 'source' | 'follow'; message: CoreMessage };

export function checkFollow(source: AccountSource, follow: FollowConfig | undefined): FollowCheck {
  if (source === 'wechat') {
    return follow
      ? {
          ok: false,
          field: 'follow',
          message: { code: 'follow-not-followed', params: {} },
        }
      : { ok: true, follow: undefined };
  }
  if (!follow || follow.kind !== source) {
    return {
      ok: false,
      field: 'follow',
      message: { code: source === 'redis' ? 'follow-redis-needed' : 'follow-central-needed', params: {} },
    };
  }
  if (follow.kind === 'central') return checkCentral(follow);
  if (!(REDIS_FORMATS as readonly string[]).includes(follow.format)) {
    return {
      ok: false,
      field: 'follow',
      message: { code: 'follow-redis-format', params: { choices: REDIS_FORMATS.join(', ') } },
    };
  }
  let split;
  try {
    split = splitRedisUrl(follow.url);
  } catch (error) {
    if (error instanceof UserError) return { ok: false, field: 'follow', message: error.coreMessage };
    throw error;
  }
  const keyTemplate = follow.keyTemplate?.trim() || null;
  if (follow.format === 'custom' && !keyTemplate) {
    return {
      ok: false,
      field: 'follow',
      message: { code: 'team-key-template-needed', params: { format: FORMAT_NAMES.custom } },
    };
  }
  const normalized: FollowConfig = {
    kind: 'redis',
    url: split.url,
    format: follow.format,
    keyPrefix: follow.keyPrefix?.trim() || null,
    keyTemplate,
    valueField: follow.valueField?.trim() || null,
    agentId: follow.agentId?.trim() || null,
  };
  return split.password !== undefined
    ? { ok: true, follow: normalized, connectionPassword: split.password }
    : { ok: true, follow: normalized };
}

function checkCentral(follow: Extract<FollowConfig, { kind: 'central' }>): FollowCheck {
  let url: URL;
  try {
    url = new URL(follow.url.trim());
  } catch {
    return {
      ok: false,
      field: 'follow',
      message: { code: 'follow-central-not-url', params: {} },
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, field: 'follow', message: { code: 'follow-central-scheme', params: {} } };
  }
  return { ok: true, follow: { kind: 'central', url: url.href, tokenField: follow.tokenField?.trim() || null } };
}
