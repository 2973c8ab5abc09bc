import {
  ACCOUNT_KINDS,
  ENVIRONMENTS,
  MARGIN_SECONDS_RANGE,
  TOKEN_MODES,
  type Account,
  type AccountInput,
} from './account-schema';
import { checkFollow } from '../team/follow-validation';

/**
 * Checks what a person typed for an account and says what to fix. Problems block saving; warnings are shown but
 * don't (an unusual secret length may be right: WeChat has never promised one). Messages are English; the UI may
 * translate them by field.
 */

export interface FieldProblem {
  field: keyof AccountInput | 'secret';
  message: string;
}

export interface ValidationReport {
  problems: FieldProblem[];
  warnings: FieldProblem[];
}

export type NormalizedAccount = Omit<Account, 'id' | 'createdAt' | 'updatedAt'>;

export interface ValidationResult extends ValidationReport {
  /** The input with whitespace trimmed and defaults filled in; present only when there are no problems. */
  account?: NormalizedAccount;
  /** The trimmed secret, when one was given and has no problems. */
  secret?: string;
  /** A followed account's Redis password, taken out of its URL: for the keychain, never the settings file. */
  connectionPassword?: string;
}

export interface ValidationContext {
  /** Labels of the other accounts (not the one being edited). */
  otherLabels: readonly string[];
  /** A new account needs a secret; an edit may keep the stored one. */
  secretRequired: boolean;
}

const APP_ID = /^wx[0-9a-f]{16}$/;
const CORP_ID = /^w[wx][0-9a-f]{16}$/;
/** OA / Mini Program AppSecrets are 32 hex characters; WeCom app secrets are 43 base64url characters. */
const USUAL_SECRET_LENGTH = { wechat: 32, wecom: 43 } as const;
const LABEL_MAX = 80;
const NOTES_MAX = 2000;

export function validateAccount(
  input: AccountInput,
  secret: string | undefined,
  context: ValidationContext,
): ValidationResult {
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const problem = (field: FieldProblem['field'], message: string) => problems.push({ field, message });
  const warn = (field: FieldProblem['field'], message: string) => warnings.push({ field, message });

  const label = input.label.trim();
  if (label === '') problem('label', 'Give the account a name, e.g. "Shop OA (production)".');
  else if (label.length > LABEL_MAX)
    problem('label', `Shorten the name to ${LABEL_MAX} characters or fewer (it has ${label.length}).`);
  else if (context.otherLabels.some((other) => other.trim().toLowerCase() === label.toLowerCase())) {
    problem('label', `Another account is already called "${label}": choose a different name.`);
  }

  const kind = input.kind;
  if (!(ACCOUNT_KINDS as readonly string[]).includes(kind))
    problem('kind', `Choose one of: ${ACCOUNT_KINDS.join(', ')}.`);
  const isWeCom = kind === 'wecom';

  const appId = input.appId.trim();
  const appIdProblem = isWeCom ? checkCorpId(appId) : checkAppId(appId);
  if (appIdProblem) problem('appId', appIdProblem);

  const environment = input.environment ?? 'production';
  if (!(ENVIRONMENTS as readonly string[]).includes(environment))
    problem('environment', `Choose one of: ${ENVIRONMENTS.join(', ')}.`);

  const tokenMode = input.tokenMode ?? (isWeCom ? 'wecom' : 'stable');
  if (!(TOKEN_MODES as readonly string[]).includes(tokenMode))
    problem('tokenMode', `Choose one of: ${TOKEN_MODES.join(', ')}.`);
  else if (isWeCom && tokenMode !== 'wecom')
    problem('tokenMode', 'A WeCom account gets its token from gettoken: choose the "wecom" token mode.');
  else if (!isWeCom && tokenMode === 'wecom')
    problem(
      'tokenMode',
      'The "wecom" token mode is for WeCom accounts only: choose "stable" (recommended) or "classic".',
    );
  else if (tokenMode === 'classic' && environment === 'production') {
    warn(
      'tokenMode',
      'Classic mode invalidates the token every other server using this AppID holds (5 minutes after each refresh). "stable" does not: prefer it for production.',
    );
  }

  const marginSeconds = input.marginSeconds ?? null;
  if (
    marginSeconds !== null &&
    (!Number.isInteger(marginSeconds) ||
      marginSeconds < MARGIN_SECONDS_RANGE.min ||
      marginSeconds > MARGIN_SECONDS_RANGE.max)
  ) {
    problem(
      'marginSeconds',
      `Set the refresh margin to a whole number of seconds from ${MARGIN_SECONDS_RANGE.min} to ${MARGIN_SECONDS_RANGE.max}, or leave it empty to use the default.`,
    );
  }

  const checkedBase = checkApiBase(input.apiBase ?? null);
  if ('problem' in checkedBase) problem('apiBase', checkedBase.problem);
  const apiBase = 'problem' in checkedBase ? null : checkedBase.apiBase;

  const notes = input.notes ?? '';
  if (notes.length > NOTES_MAX)
    problem('notes', `Shorten the notes to ${NOTES_MAX} characters or fewer (they have ${notes.length}).`);

  // A followed account's token comes from the team's store: it has, and needs, no AppSecret.
  const source = input.source ?? 'wechat';
  const followed = checkFollow(source, input.follow);
  if (!followed.ok) problem(followed.field, followed.message);
  if (source !== 'wechat' && secret !== undefined && secret.trim() !== '') {
    problem('secret', 'A followed account needs no AppSecret: leave it empty (TokenDesk never fetches its token).');
  }
  const trimmedSecret =
    source === 'wechat' ? checkSecret(secret, isWeCom, context.secretRequired, problem, warn) : undefined;

  if (problems.length > 0) return { problems, warnings };
  const account: NormalizedAccount = {
    label,
    kind,
    appId,
    environment,
    tokenMode,
    autoRefresh: input.autoRefresh ?? true,
    marginSeconds,
    apiBase,
    notes,
    ...(followed.ok && followed.follow ? { source, follow: followed.follow } : {}),
  };
  if (followed.ok && followed.connectionPassword !== undefined) {
    return { problems, warnings, account, connectionPassword: followed.connectionPassword };
  }
  return trimmedSecret === undefined
    ? { problems, warnings, account }
    : { problems, warnings, account, secret: trimmedSecret };
}

function checkAppId(appId: string): string | undefined {
  if (APP_ID.test(appId)) return undefined;
  if (appId === '') return 'Enter the AppID: "wx" followed by 16 hexadecimal characters, e.g. wx1234567890abcdef.';
  if (CORP_ID.test(appId) && appId.startsWith('ww'))
    return 'This looks like a WeCom CorpID ("ww…"): choose the WeCom kind, or enter the AppID ("wx…").';
  if (/^wx[0-9A-Fa-f]{16}$/.test(appId))
    return 'AppIDs use lowercase letters: enter it as shown in the console (e.g. wx1234567890abcdef).';
  if (!appId.startsWith('wx'))
    return 'An AppID starts with "wx" followed by 16 hexadecimal characters: check you copied the AppID, not the AppSecret or the original ID (gh_…).';
  const rest = appId.length - 2;
  if (rest !== 16)
    return `An AppID has 16 hexadecimal characters after "wx"; this one has ${rest}: check you copied all of it.`;
  return 'An AppID has only hexadecimal characters (0-9, a-f) after "wx": check for a mistyped letter.';
}

function checkCorpId(corpId: string): string | undefined {
  if (CORP_ID.test(corpId)) return undefined;
  if (corpId === '')
    return 'Enter the CorpID: "ww" (or "wx" for older corps) followed by 16 hexadecimal characters, found at 我的企业 → 企业信息.';
  if (!/^w[wx]/.test(corpId))
    return 'A CorpID starts with "ww" (or "wx") followed by 16 hexadecimal characters, found at 我的企业 → 企业信息 → 企业ID.';
  const rest = corpId.length - 2;
  if (rest !== 16)
    return `A CorpID has 16 hexadecimal characters after "${corpId.slice(0, 2)}"; this one has ${rest}: check you copied all of it.`;
  return 'A CorpID has only lowercase hexadecimal characters (0-9, a-f) after its prefix: check for a mistyped letter.';
}

/** Trims the secret (stray spaces and newlines are the commonest paste error) and says so when it did. */
function checkSecret(
  secret: string | undefined,
  isWeCom: boolean,
  required: boolean,
  problem: (field: 'secret', message: string) => void,
  warn: (field: 'secret', message: string) => void,
): string | undefined {
  const name = isWeCom ? 'Secret' : 'AppSecret';
  if (secret === undefined || (secret.trim() === '' && !required)) {
    if (required) problem('secret', `Enter the ${name}.`);
    return undefined;
  }
  const trimmed = secret.trim();
  if (trimmed === '') {
    problem('secret', `Enter the ${name}.`);
    return undefined;
  }
  if (/\s/.test(trimmed)) {
    problem('secret', `The ${name} has a space or line break in the middle: copy it again from the console.`);
    return undefined;
  }
  if (trimmed !== secret) warn('secret', `Removed spaces or line breaks around the ${name}.`);
  const usual = isWeCom ? USUAL_SECRET_LENGTH.wecom : USUAL_SECRET_LENGTH.wechat;
  if (trimmed.length !== usual) {
    warn(
      'secret',
      `${name}s are usually ${usual} characters; this one has ${trimmed.length}. Check you copied all of it.`,
    );
  } else if (!isWeCom && !/^[0-9a-f]+$/i.test(trimmed)) {
    warn(
      'secret',
      `${name}s are usually hexadecimal (0-9, a-f); this one has other characters. Check you copied the right value.`,
    );
  }
  return trimmed;
}

/**
 * The base URL normalized (no trailing slash; null for WeChat's own hosts), or why it can't be used. Plain `http:` is
 * refused unless the host is this machine (a local proxy, the fake WeChat server): the AppSecret travels in the
 * request, so over the network it would cross in clear — a warning would be one click away from that.
 */
export function checkApiBase(raw: string | null): { apiBase: string | null } | { problem: string } {
  const text = raw?.trim() ?? '';
  if (text === '') return { apiBase: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      problem: 'Enter a full base URL starting with https:// (e.g. https://api.weixin.qq.com), or leave it empty.',
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: 'The base URL must start with https:// (http:// only for this machine, e.g. a local proxy).' };
  if (url.search !== '' || url.hash !== '')
    return {
      problem: 'Remove the query (?…) or fragment (#…) from the base URL: TokenDesk appends the API path itself.',
    };
  if (url.username !== '' || url.password !== '')
    return { problem: 'Remove the user name and password from the base URL.' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      problem:
        'Use https:// for this base URL: over http:// the AppSecret would cross the network unencrypted. Plain http:// is allowed only for this machine (127.0.0.1, ::1, localhost).',
    };
  }
  return { apiBase: url.href.replace(/\/+$/, '') };
}

/** 127.0.0.0/8, ::1 and localhost: URL has already normalized short forms such as `127.1` and `[0:0::1]`. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
