/**
 * What of a request target goes into the history. The endpoint cannot know what a caller put where (a secret pasted
 * into the AppID field, into the path, under a misspelt parameter), so it records by allow-list: only values that
 * have the shape of something public are kept, everything else becomes `***`.
 */

const REDACTED = '***';

/** AppIDs are `wx` + 16 characters, WeCom CorpIDs `ww` + 16: public identifiers, worth seeing in the history. */
const APP_ID_SHAPE = /^w[xw][0-9a-z]{16}$/i;

const PUBLIC_VALUE: Readonly<Record<string, (value: string) => boolean>> = {
  grant_type: (value) => value === 'client_credential',
  appid: (value) => APP_ID_SHAPE.test(value),
  corpid: (value) => APP_ID_SHAPE.test(value),
};

/** A WeChat-shaped route's target: its path and its query with every value not known to be public redacted. */
export function recordedWeChatTarget(pathname: string, query: URLSearchParams): string {
  const kept = [...query].map(([name, value]) => {
    const isPublic = PUBLIC_VALUE[name]?.(value) ?? false;
    return `${encodeURIComponent(name)}=${isPublic ? encodeURIComponent(value) : REDACTED}`;
  });
  return kept.length ? `${pathname}?${kept.join('&')}` : pathname;
}

/** A /v1 target, with the alias shown as the label of the account it named (an unknown alias is not recorded). */
export function recordedTokenTarget(label: string | undefined, refresh: boolean): string {
  return `/v1/tokens/${label === undefined ? REDACTED : encodeURIComponent(label)}${refresh ? '/refresh' : ''}`;
}

/** The target of a request that matched no route or was refused before routing: not recorded at all. */
export const UNRECORDED_TARGET = '(not recorded)';
