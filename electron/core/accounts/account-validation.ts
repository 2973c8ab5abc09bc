import {
  ACCOUNT_KINDS,
  ENVIRONMENTS,
  MARGIN_SECONDS_RANGE,
  TOKEN_MODES,
  type Account,
  type AccountInput,
} from './account-schema';
import type { CoreMessage } from '../i18n/core-messages';
import { checkFollow } from '../team/follow-validation';
import { isLoopbackHostname } from '../wechat/transport-security';

/**
 * Checks what a person typed for an account and says what to fix. Problems block saving; warnings are shown but
 * don't (an unusual secret length may be right: WeChat has never promised one). Messages are catalogue messages
 * (i18n/core-messages.ts): the form and the CLI word them in their language.
 */

export interface FieldProblem {
  field: keyof AccountInput | 'secret';
  message: CoreMessage;
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
  const problem = (field: FieldProblem['field'], message: CoreMessage) => problems.push({ field, message });
  const warn = (field: FieldProblem['field'], message: CoreMessage) => warnings.push({ field, message });

  const label = input.label.trim();
  if (label === '') problem('label', { code: 'field-label-empty', params: {} });
  else if (label.length > LABEL_MAX)
    problem('label', { code: 'field-label-too-long', params: { max: LABEL_MAX, length: label.length } });
  else if (context.otherLabels.some((other) => other.trim().toLowerCase() === label.toLowerCase())) {
    problem('label', { code: 'field-label-taken', params: { label } });
  }

  const kind = input.kind;
  if (!(ACCOUNT_KINDS as readonly string[]).includes(kind))
    problem('kind', { code: 'field-choose-one', params: { choices: ACCOUNT_KINDS.join(', ') } });
  const isWeCom = kind === 'wecom';

  const appId = input.appId.trim();
  const appIdProblem = isWeCom ? checkCorpId(appId) : checkAppId(appId);
  if (appIdProblem) problem('appId', appIdProblem);

  const environment = input.environment ?? 'production';
  if (!(ENVIRONMENTS as readonly string[]).includes(environment))
    problem('environment', { code: 'field-choose-one', params: { choices: ENVIRONMENTS.join(', ') } });

  const tokenMode = input.tokenMode ?? (isWeCom ? 'wecom' : 'stable');
  if (!(TOKEN_MODES as readonly string[]).includes(tokenMode))
    problem('tokenMode', { code: 'field-choose-one', params: { choices: TOKEN_MODES.join(', ') } });
  else if (isWeCom && tokenMode !== 'wecom') problem('tokenMode', { code: 'field-mode-wecom-needed', params: {} });
  else if (!isWeCom && tokenMode === 'wecom') problem('tokenMode', { code: 'field-mode-wecom-only', params: {} });
  else if (tokenMode === 'classic' && environment === 'production') {
    warn('tokenMode', { code: 'field-mode-classic-production', params: {} });
  }

  const marginSeconds = input.marginSeconds ?? null;
  if (
    marginSeconds !== null &&
    (!Number.isInteger(marginSeconds) ||
      marginSeconds < MARGIN_SECONDS_RANGE.min ||
      marginSeconds > MARGIN_SECONDS_RANGE.max)
  ) {
    problem('marginSeconds', {
      code: 'field-margin-range',
      params: { min: MARGIN_SECONDS_RANGE.min, max: MARGIN_SECONDS_RANGE.max },
    });
  }

  const checkedBase = checkApiBase(input.apiBase ?? null);
  if ('problem' in checkedBase) problem('apiBase', checkedBase.problem);
  const apiBase = 'problem' in checkedBase ? null : checkedBase.apiBase;

  const notes = input.notes ?? '';
  if (notes.length > NOTES_MAX)
    problem('notes', { code: 'field-notes-too-long', params: { max: NOTES_MAX, length: notes.length } });

  // A followed account's token comes from the team's store: it has, and needs, no AppSecret.
  const source = input.source ?? 'wechat';
  const followed = checkFollow(source, input.follow);
  if (!followed.ok) problem(followed.field, followed.message);
  if (source !== 'wechat' && secret !== undefined && secret.trim() !== '') {
    problem('secret', { code: 'field-secret-not-for-followed', params: {} });
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

function checkAppId(appId: string): CoreMessage | undefined {
  if (APP_ID.test(appId)) return undefined;
  if (appId === '') return { code: 'field-appid-empty', params: {} };
  if (CORP_ID.test(appId) && appId.startsWith('ww')) return { code: 'field-appid-is-corpid', params: {} };
  if (/^wx[0-9A-Fa-f]{16}$/.test(appId)) return { code: 'field-appid-uppercase', params: {} };
  if (!appId.startsWith('wx')) return { code: 'field-appid-prefix', params: {} };
  const rest = appId.length - 2;
  if (rest !== 16) return { code: 'field-appid-length', params: { rest } };
  return { code: 'field-appid-chars', params: {} };
}

function checkCorpId(corpId: string): CoreMessage | undefined {
  if (CORP_ID.test(corpId)) return undefined;
  if (corpId === '') return { code: 'field-corpid-empty', params: {} };
  if (!/^w[wx]/.test(corpId)) return { code: 'field-corpid-prefix', params: {} };
  const rest = corpId.length - 2;
  if (rest !== 16) return { code: 'field-corpid-length', params: { prefix: corpId.slice(0, 2), rest } };
  return { code: 'field-corpid-chars', params: {} };
}

/** Trims the secret (stray spaces and newlines are the commonest paste error) and says so when it did. */
function checkSecret(
  secret: string | undefined,
  isWeCom: boolean,
  required: boolean,
  problem: (field: 'secret', message: CoreMessage) => void,
  warn: (field: 'secret', message: CoreMessage) => void,
): string | undefined {
  const name = isWeCom ? 'Secret' : 'AppSecret';
  if (secret === undefined || (secret.trim() === '' && !required)) {
    if (required) problem('secret', { code: 'field-secret-empty', params: { name } });
    return undefined;
  }
  const trimmed = secret.trim();
  if (trimmed === '') {
    problem('secret', { code: 'field-secret-empty', params: { name } });
    return undefined;
  }
  if (/\s/.test(trimmed)) {
    problem('secret', { code: 'field-secret-inner-space', params: { name } });
    return undefined;
  }
  if (trimmed !== secret) warn('secret', { code: 'field-secret-trimmed', params: { name } });
  const usual = isWeCom ? USUAL_SECRET_LENGTH.wecom : USUAL_SECRET_LENGTH.wechat;
  if (trimmed.length !== usual) {
    warn('secret', { code: 'field-secret-length', params: { name, usual, length: trimmed.length } });
  } else if (!isWeCom && !/^[0-9a-f]+$/i.test(trimmed)) {
    warn('secret', { code: 'field-secret-not-hex', params: { name } });
  }
  return trimmed;
}

/**
 * The base URL normalized (no trailing slash; null for WeChat's own hosts), or why it can't be used. Plain `http:` is
 * refused unless the host is this machine (a local proxy, the fake WeChat server): the AppSecret travels in the
 * request, so over the network it would cross in clear — a warning would be one click away from that.
 */
export function checkApiBase(raw: string | null): { apiBase: string | null } | { problem: CoreMessage } {
  const text = raw?.trim() ?? '';
  if (text === '') return { apiBase: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: { code: 'field-api-base-not-url', params: {} } };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: { code: 'field-api-base-scheme', params: {} } };
  if (url.search !== '' || url.hash !== '') return { problem: { code: 'field-api-base-query', params: {} } };
  if (url.username !== '' || url.password !== '')
    return { problem: { code: 'field-api-base-credentials', params: {} } };
  if (url.protocol === 'http:' && !isLoopbackHostname(url.hostname)) {
    return { problem: { code: 'field-api-base-http-remote', params: {} } };
  }
  return { apiBase: url.href.replace(/\/+$/, '') };
}
