import { Dialog } from 'radix-ui';
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { validateAccount } from '../../../electron/core/accounts/account-validation';
import {
  ACCOUNT_KINDS,
  ENVIRONMENTS,
  TOKEN_MODES,
  type AccountDraft,
  type AccountView,
  type FieldProblem,
} from '../../../electron/core/contract/views';
import { formatCoreMessage } from '../../../electron/core/i18n/core-messages';
import type { Exchange } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { JsonView } from './JsonView';
import { TeamSourceFields } from './TeamSourceFields';

const emptyDraft: AccountDraft = {
  label: '',
  kind: 'officialAccount',
  appId: '',
  environment: 'production',
  tokenMode: 'stable',
  autoRefresh: true,
  marginSeconds: null,
  apiBase: null,
  notes: '',
};

function draftOf(account: AccountView): AccountDraft {
  const { label, kind, appId, environment, tokenMode, autoRefresh, marginSeconds, apiBase, notes } = account;
  return {
    label,
    kind,
    appId,
    environment,
    tokenMode,
    autoRefresh,
    marginSeconds,
    apiBase,
    notes,
    // Team mode: a followed account keeps its source and how to reach it.
    ...(account.source ? { source: account.source } : {}),
    ...(account.follow ? { follow: account.follow } : {}),
  };
}

export interface AccountDialogProps {
  /** Edit this account; absent → add a new one. */
  account?: AccountView;
  /** Labels of the other accounts: a duplicate name is caught before Save. */
  otherLabels: readonly string[];
  /** The base URL every account uses unless it sets its own, when it isn't WeChat's (the preview's --api-base). */
  globalApiBase?: string;
  open: boolean;
  onClose: (saved?: AccountView) => void;
}

type FieldName = FieldProblem['field'];

/**
 * Add / edit an account; mounted fresh for each opening (the caller keys it), so no state leaks between uses.
 * The secret is write-only: once stored, the form shows "Set · Replace", never the value. */
export function AccountDialog({ account, otherLabels, globalApiBase, open, onClose }: AccountDialogProps) {
  const t = useT();
  const describeError = useErrorText();
  const api = useApi();
  const [draft, setDraft] = useState<AccountDraft>(account ? draftOf(account) : emptyDraft);
  const [secret, setSecret] = useState('');
  const [replacingSecret, setReplacingSecret] = useState(!account?.secretSet);
  /** Fields the user has typed in or changed: leaving one untouched (Tab through the form) says nothing yet. */
  const edited = useRef(new Set<FieldName>());
  /** Fields the user has left after changing them: their problems show from then on, and follow every keystroke. */
  const [visited, setVisited] = useState<ReadonlySet<FieldName>>(new Set());
  /** After a Save attempt every field's problems show, typed in or not. */
  const [submitted, setSubmitted] = useState(false);
  /** The core's refusal on Save (it checks again: another window may have taken the label); cleared by any edit. */
  const [savedProblems, setSavedProblems] = useState<FieldProblem[]>([]);
  const [testing, setTesting] = useState(false);
  const [testExchange, setTestExchange] = useState<Exchange>();
  const [saving, setSaving] = useState(false);
  /** A refusal that belongs to no single field (the core's message says what to do). */
  const [formError, setFormError] = useState<string>();
  const formRef = useRef<HTMLFormElement>(null);

  // The core's own rules, run here on every render: no IPC round trip per keystroke, and never an answer older than
  // what is on screen. Save still goes through the core, which checks again.
  const report = useMemo(
    () =>
      validateAccount(draft, replacingSecret ? secret : undefined, {
        otherLabels,
        secretRequired: account === undefined,
      }),
    [draft, secret, replacingSecret, otherLabels, account],
  );
  const shown = (field: FieldName) => submitted || visited.has(field);
  const problems = [...report.problems.filter((problem) => shown(problem.field)), ...savedProblems];
  const warnings = report.warnings.filter((warning) => shown(warning.field));
  const visit = (field: FieldName) => () => {
    if (edited.current.has(field))
      setVisited((current) => (current.has(field) ? current : new Set(current).add(field)));
  };

  const update = <K extends keyof AccountDraft>(key: K, value: AccountDraft[K]) => {
    edited.current.add(key);
    setSavedProblems([]);
    setDraft((current) => {
      const next = { ...current, [key]: value };
      // WeCom has one way to get a token; the others default to stable in production (it invalidates nothing).
      if (key === 'kind')
        next.tokenMode = value === 'wecom' ? 'wecom' : current.tokenMode === 'wecom' ? 'stable' : current.tokenMode;
      return next;
    });
  };

  const language = useLanguage();
  // The core's catalogue message for the field, worded in the UI language.
  const messageFor = (list: FieldProblem[], field: FieldProblem['field']) => {
    const found = list.find((entry) => entry.field === field);
    return found && formatCoreMessage(found.message, language);
  };
  const problemFor = (field: FieldProblem['field']) => messageFor(problems, field);
  const warningFor = (field: FieldProblem['field']) => messageFor(warnings, field);
  const isWeCom = draft.kind === 'wecom';
  /** Team mode: a followed account has no AppSecret and is never fetched, so no secret field and no credential test. */
  const followed = (draft.source ?? 'wechat') !== 'wechat';

  const save = async () => {
    setSubmitted(true);
    if (report.problems.length > 0) {
      // Puts the cursor where the first fix is needed (the fields carry aria-invalid once the problems show).
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setSaving(true);
    try {
      const result = account
        ? await api.updateAccount(account.id, draft, replacingSecret ? secret : undefined)
        : await api.addAccount(draft, secret);
      if (result.ok) onClose(result.account);
      else setSavedProblems(result.problems);
    } catch (error) {
      setFormError(describeError(error));
    } finally {
      setSaving(false);
    }
  };

  const test = async () => {
    setTesting(true);
    try {
      setTestExchange(await api.testCredentials(draft, replacingSecret ? secret : undefined, account?.id));
      setFormError(undefined);
    } catch (error) {
      setFormError(describeError(error));
    } finally {
      setTesting(false);
    }
  };

  return (
    <Dialog.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="account-dialog" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{account ? t('form.editTitle') : t('form.addTitle')}</Dialog.Title>
          <form
            ref={formRef}
            noValidate
            className="form-grid"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <Field label={t('form.kind')}>
              {(id) => (
                <select
                  id={id}
                  value={draft.kind}
                  onChange={(event) => update('kind', event.target.value as AccountDraft['kind'])}
                  data-testid="field-kind"
                >
                  {ACCOUNT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`kind.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TeamSourceFields
              draft={draft}
              problem={problemFor('follow')}
              {...(account ? { accountId: account.id } : {})}
              onChange={(source, follow) => {
                edited.current.add('follow');
                setSavedProblems([]);
                setVisited((current) => new Set(current).add('follow'));
                setDraft((current) => {
                  const { source: _source, follow: _follow, ...rest } = current;
                  return source === 'wechat' ? rest : { ...rest, source, ...(follow ? { follow } : {}) };
                });
              }}
            />
            <Field label={t('form.label')} problem={problemFor('label')}>
              {(id, describedBy) => (
                <input
                  id={id}
                  value={draft.label}
                  onChange={(event) => update('label', event.target.value)}
                  onBlur={visit('label')}
                  aria-describedby={describedBy}
                  aria-invalid={!!problemFor('label')}
                  data-testid="field-label"
                  autoFocus
                />
              )}
            </Field>
            <Field
              label={isWeCom ? t('form.corpId') : t('form.appId')}
              problem={problemFor('appId')}
              warning={warningFor('appId')}
            >
              {(id, describedBy) => (
                <input
                  id={id}
                  className="mono"
                  value={draft.appId}
                  onChange={(event) => update('appId', event.target.value)}
                  onBlur={visit('appId')}
                  aria-describedby={describedBy}
                  aria-invalid={!!problemFor('appId')}
                  placeholder={isWeCom ? 'ww0123456789abcdef' : 'wx0123456789abcdef'}
                  spellCheck={false}
                  data-testid="field-app-id"
                />
              )}
            </Field>
            {!followed && (
              <Field
                label={isWeCom ? t('form.corpSecret') : t('form.secret')}
                problem={problemFor('secret')}
                warning={warningFor('secret')}
                hint={t('form.secretHint')}
              >
                {(id, describedBy) =>
                  replacingSecret ? (
                    <input
                      id={id}
                      className="mono"
                      type="password"
                      autoComplete="off"
                      value={secret}
                      onChange={(event) => {
                        edited.current.add('secret');
                        setSavedProblems([]);
                        setSecret(event.target.value);
                      }}
                      onBlur={visit('secret')}
                      aria-describedby={describedBy}
                      aria-invalid={!!problemFor('secret')}
                      data-testid="field-secret"
                    />
                  ) : (
                    <span className="secret-set">
                      <span className="badge badge-ok">{t('form.secretSet')}</span>
                      <button
                        type="button"
                        className="button button-small"
                        onClick={() => setReplacingSecret(true)}
                        data-testid="replace-secret"
                      >
                        {t('form.secretReplace')}
                      </button>
                    </span>
                  )
                }
              </Field>
            )}
            <Field label={t('form.environment')}>
              {(id) => (
                <select
                  id={id}
                  value={draft.environment}
                  onChange={(event) => update('environment', event.target.value as AccountDraft['environment'])}
                  onBlur={visit('tokenMode')}
                  data-testid="field-environment"
                >
                  {ENVIRONMENTS.map((environment) => (
                    <option key={environment} value={environment}>
                      {t(`env.${environment}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('form.tokenMode')} problem={problemFor('tokenMode')} warning={warningFor('tokenMode')}>
              {(id, describedBy) => (
                <select
                  id={id}
                  aria-describedby={describedBy}
                  value={draft.tokenMode}
                  onChange={(event) => update('tokenMode', event.target.value as AccountDraft['tokenMode'])}
                  onBlur={visit('tokenMode')}
                  disabled={isWeCom}
                  data-testid="field-token-mode"
                >
                  {TOKEN_MODES.filter((mode) => (isWeCom ? mode === 'wecom' : mode !== 'wecom')).map((mode) => (
                    <option key={mode} value={mode}>
                      {t(`mode.${mode}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {/* A followed account is never refreshed here: the team server's schedule is the one that counts. */}
            {!followed && (
              <Field label={t('form.margin')} problem={problemFor('marginSeconds')}>
                {(id, describedBy) => (
                  <input
                    id={id}
                    aria-describedby={describedBy}
                    aria-invalid={!!problemFor('marginSeconds')}
                    type="number"
                    min={30}
                    max={3600}
                    step={1}
                    value={draft.marginSeconds ?? ''}
                    placeholder="300"
                    onChange={(event) =>
                      update('marginSeconds', event.target.value === '' ? null : Number(event.target.value))
                    }
                    onBlur={visit('marginSeconds')}
                    data-testid="field-margin"
                  />
                )}
              </Field>
            )}
            <Field
              label={t('form.apiBase')}
              problem={problemFor('apiBase')}
              warning={warningFor('apiBase')}
              hint={globalApiBase ? t('form.apiBaseHintGlobal', { url: globalApiBase }) : t('form.apiBaseHint')}
            >
              {(id, describedBy) => (
                <input
                  id={id}
                  className="mono"
                  value={draft.apiBase ?? ''}
                  placeholder={globalApiBase ?? (isWeCom ? 'https://qyapi.weixin.qq.com' : 'https://api.weixin.qq.com')}
                  onChange={(event) => update('apiBase', event.target.value.trim() === '' ? null : event.target.value)}
                  onBlur={visit('apiBase')}
                  aria-describedby={describedBy}
                  aria-invalid={!!problemFor('apiBase')}
                  spellCheck={false}
                  data-testid="field-api-base"
                />
              )}
            </Field>
            <Field label={t('form.notes')} wide>
              {(id) => (
                <textarea
                  id={id}
                  rows={2}
                  value={draft.notes}
                  onChange={(event) => update('notes', event.target.value)}
                />
              )}
            </Field>
            {!followed && (
              <label className="checkbox-line form-wide">
                <input
                  type="checkbox"
                  checked={draft.autoRefresh}
                  onChange={(event) => update('autoRefresh', event.target.checked)}
                />
                {t('form.autoRefresh')}
              </label>
            )}
            {formError && (
              <p className="field-problem form-wide" role="alert" data-testid="form-error">
                {formError}
              </p>
            )}
            {testExchange && (
              <div
                className={`test-result form-wide ${testExchange.outcome.kind === 'ok' ? 'test-ok' : 'test-failed'}`}
                data-testid="test-result"
              >
                <strong>{testExchange.outcome.kind === 'ok' ? t('form.testOk') : t('form.testFailed')}</strong>
                <JsonView
                  label={t('detail.response')}
                  text={testExchange.bodyText ?? JSON.stringify(testExchange.outcome)}
                />
              </div>
            )}
            <div className="dialog-actions form-wide">
              {!followed && (
                <button
                  type="button"
                  className="button"
                  onClick={() => void test()}
                  disabled={testing}
                  data-testid="test-credentials"
                >
                  {testing ? t('form.testing') : t('form.test')}
                </button>
              )}
              <span className="spacer" />
              <Dialog.Close className="button" type="button">
                {t('form.cancel')}
              </Dialog.Close>
              <button type="submit" className="button button-primary" disabled={saving} data-testid="save-account">
                {t('form.save')}
              </button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Field(props: {
  label: string;
  problem?: string;
  warning?: string;
  hint?: string;
  wide?: boolean;
  children: (id: string, describedBy: string | undefined) => ReactNode;
}) {
  const id = useId();
  const messageId = `${id}-message`;
  const message = props.problem ?? props.warning ?? props.hint;
  return (
    <div className={`field${props.wide ? ' form-wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, message ? messageId : undefined)}
      {message && (
        <span
          id={messageId}
          className={props.problem ? 'field-problem' : props.warning ? 'field-warning' : 'field-hint'}
          role={props.problem ? 'alert' : undefined}
        >
          {message}
        </span>
      )}
    </div>
  );
}
