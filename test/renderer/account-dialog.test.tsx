import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { validateAccount } from '../../electron/core/accounts/account-validation';
import type { Handlers } from '../../electron/core/contract/api-types';
import type { AccountDraft, AccountView } from '../../electron/core/contract/views';
import { UserError } from '../../electron/core/user-error';
import { ApiProvider } from '../../renderer/src/api-context';
import { AccountDialog } from '../../renderer/src/components/AccountDialog';
import { I18nProvider } from '../../renderer/src/i18n/i18n-context';
import type { UiLanguage } from '../../renderer/src/i18n/messages';
import { callsTo, contractApi } from './support/contract-api';
import { accountView, APP_ID, realErrmsg, refusal, success, T0 } from './support/wechat-fixtures';

// A canary: it must reach the core exactly as typed, and nowhere else.
const SECRET = '0123456789abcdef0123456789abcdef';
const EXISTING = [{ id: 'acc-shop', label: 'Shop OA' }];

/**
 * The core's side of the form: its real validator (the one rule set the UI, CLI and IPC share) with one other account
 * called "Shop OA", saving what passes it.
 */
function accountCore(): Partial<Handlers> {
  const context = (accountId?: string) => ({
    otherLabels: EXISTING.filter((account) => account.id !== accountId).map((account) => account.label),
    secretRequired: accountId === undefined,
  });
  const saved = (draft: AccountDraft, id: string): AccountView => ({
    ...draft,
    id,
    secretSet: true,
    state: { status: 'idle', since: T0 },
  });
  return {
    addAccount: (draft, secret) => {
      const result = validateAccount(draft, secret, context());
      return result.account
        ? { ok: true, account: saved(draft, 'acc-new'), warnings: result.warnings }
        : { ok: false, problems: result.problems };
    },
    updateAccount: (accountId, draft, secret) => {
      const result = validateAccount(draft, secret, context(accountId));
      return result.account
        ? { ok: true, account: saved(draft, accountId), warnings: result.warnings }
        : { ok: false, problems: result.problems };
    },
  };
}

function renderDialog(handlers: Partial<Handlers>, options: { account?: AccountView; language?: UiLanguage } = {}) {
  const api = contractApi(handlers);
  const closes: (AccountView | undefined)[] = [];
  render(
    <ApiProvider api={api}>
      <I18nProvider language={options.language ?? 'en'}>
        <AccountDialog
          account={options.account}
          otherLabels={EXISTING.filter((other) => other.id !== options.account?.id).map((other) => other.label)}
          open
          onClose={(saved) => closes.push(saved)}
        />
      </I18nProvider>
    </ApiProvider>,
  );
  return { api, closes };
}

const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const type = (testId: string, value: string) => fireEvent.change(field(testId), { target: { value } });
const choose = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
/** The message shown under a field: in its own `.field` box, whatever the input's ARIA wiring. */
const messageOf = (testId: string) =>
  field(testId).closest('.field')!.querySelector('.field-problem, .field-warning, .field-hint');
const saveButton = () => screen.getByTestId('save-account') as HTMLButtonElement;

/** The draft the form sends for what the tests type, on top of the form's defaults. */
function draftWith(changes: Partial<AccountDraft>): AccountDraft {
  return {
    label: '',
    kind: 'officialAccount',
    appId: '',
    environment: 'production',
    tokenMode: 'stable',
    autoRefresh: true,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    ...changes,
  };
}

describe('<AccountDialog> validation timing', () => {
  it('says nothing before the user typed: choosing the kind first, or tabbing through, leaves every field quiet', async () => {
    const { api } = renderDialog(accountCore());
    choose('field-kind', 'wecom');
    fireEvent.blur(screen.getByTestId('field-kind'));
    for (const testId of ['field-label', 'field-app-id', 'field-secret']) {
      fireEvent.focus(field(testId));
      fireEvent.blur(field(testId));
    }
    // Past the quarter second after which the form used to ask the core and turn every field red.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(screen.queryAllByRole('alert')).toEqual([]);
    for (const testId of ['field-label', 'field-app-id', 'field-secret'])
      expect(field(testId).getAttribute('aria-invalid')).toBe('false');
    expect(saveButton().disabled).toBe(false);
    expect(api.calls.filter((call) => call.channel.startsWith('accounts:'))).toEqual([]);
  });

  it('shows a field’s problem once the user leaves it, and follows every keystroke from then on', () => {
    const { api } = renderDialog(accountCore());
    type('field-label', 'Shop OA');
    expect(messageOf('field-label')).toBeNull();
    fireEvent.blur(field('field-label'));
    expect(messageOf('field-label')).toMatchObject({
      textContent: 'Another account is already called "Shop OA": choose a different name.',
    });
    // Synchronously: the answer belongs to what is on screen, never to an earlier keystroke.
    type('field-label', 'Shop OA 2');
    expect(messageOf('field-label')).toBeNull();
    type('field-label', '');
    expect(messageOf('field-label')).toMatchObject({
      textContent: 'Give the account a name, e.g. "Shop OA (production)".',
    });
    type('field-label', 'Mini shop');
    expect(messageOf('field-label')).toBeNull();
    // A field not yet visited stays quiet although it is empty.
    expect(messageOf('field-app-id')).toBeNull();
    // The rules run in the page: no round trip to the core per keystroke.
    expect(api.calls.filter((call) => call.channel.startsWith('accounts:'))).toEqual([]);
  });

  it('on Save shows every problem as an alert under its own field, puts the cursor on the first, and sends nothing', async () => {
    const { api } = renderDialog(accountCore());
    type('field-label', 'Shop OA');
    type('field-app-id', 'ww0123456789abcdef');
    type('field-margin', '10');
    expect(screen.queryAllByRole('alert')).toEqual([]);
    fireEvent.click(saveButton());

    expect(screen.getAllByRole('alert')).toHaveLength(4);
    expect(messageOf('field-app-id')).toMatchObject({
      textContent: 'This looks like a WeCom CorpID ("ww…"): choose the WeCom kind, or enter the AppID ("wx…").',
    });
    expect(messageOf('field-secret')).toMatchObject({ textContent: 'Enter the AppSecret.' });
    expect(messageOf('field-margin')).toMatchObject({
      textContent:
        'Set the refresh margin to a whole number of seconds from 30 to 3600, or leave it empty to use the default.',
    });
    // Screen readers read the problem with the field.
    for (const testId of ['field-label', 'field-app-id', 'field-secret', 'field-margin']) {
      expect(field(testId).getAttribute('aria-invalid')).toBe('true');
      expect(field(testId).getAttribute('aria-describedby')).toBe(messageOf(testId)!.id);
      expect(messageOf(testId)!.getAttribute('role')).toBe('alert');
    }
    await waitFor(() => expect(document.activeElement).toBe(field('field-label')));
    expect(callsTo(api, 'accounts:add')).toEqual([]);
    expect(api.calls.filter((call) => call.channel.startsWith('accounts:'))).toEqual([]);
  });

  it('shows a warning without blocking, and saves the secret exactly as typed (trimming is the core’s job)', async () => {
    const { api, closes } = renderDialog(accountCore());
    const pasted = `  ${SECRET}  `;
    type('field-label', 'Shop OA (staging)');
    type('field-app-id', APP_ID);
    type('field-secret', pasted);
    fireEvent.blur(field('field-secret'));
    choose('field-environment', 'staging');

    expect(messageOf('field-secret')!.textContent).toBe('Removed spaces or line breaks around the AppSecret.');
    expect(messageOf('field-secret')!.className).toBe('field-warning');
    expect(messageOf('field-secret')!.getAttribute('role')).toBeNull();
    expect(screen.queryAllByRole('alert')).toEqual([]);
    expect(field('field-app-id').getAttribute('aria-invalid')).toBe('false');

    fireEvent.click(saveButton());
    await waitFor(() => expect(closes).toHaveLength(1));
    const draft = draftWith({ label: 'Shop OA (staging)', appId: APP_ID, environment: 'staging' });
    expect(callsTo(api, 'accounts:add')).toEqual([[draft, pasted]]);
    expect(closes[0]).toMatchObject({ id: 'acc-new', label: 'Shop OA (staging)', secretSet: true });
  });

  it('shows the core’s refusal on Save under its field, until the user changes something', async () => {
    // Another window took the label meanwhile: the core, which checks again on Save, says so.
    const { closes } = renderDialog({
      ...accountCore(),
      addAccount: () => ({
        ok: false,
        problems: [{ field: 'label', message: { code: 'field-label-taken', params: { label: 'Mini shop' } } }],
      }),
    });
    type('field-label', 'Mini shop');
    type('field-app-id', APP_ID);
    type('field-secret', SECRET);
    fireEvent.click(saveButton());
    await waitFor(() => expect(messageOf('field-label')!.textContent).toContain('already called "Mini shop"'));
    expect(closes).toEqual([]);
    type('field-label', 'Mini shop 2');
    expect(messageOf('field-label')).toBeNull();
  });

  // Regression test (was broken in AccountDialog.tsx, the Token mode and API base <Field>s get `problem=` but no `warning={warningFor(…)}`): the
  // core's warning that classic mode in production invalidates every other server's token is computed and dropped.
  it('shows the core’s warning about classic mode in production under Token mode', () => {
    renderDialog(accountCore());
    choose('field-token-mode', 'classic');
    fireEvent.blur(screen.getByTestId('field-token-mode'));
    expect(messageOf('field-token-mode')?.textContent).toContain(
      'Classic mode invalidates the token every other server using this AppID holds',
    );
  });

  // Regression test (was broken: same cause as above), for the API base: an http:// base that is not loopback sends the AppSecret unencrypted,
  // and the core's warning saying so never appears.
  it('shows the core’s message about an http:// API base under API base URL', () => {
    renderDialog(accountCore());
    type('field-api-base', 'http://wechat-proxy.internal.example');
    fireEvent.blur(field('field-api-base'));
    expect(messageOf('field-api-base')?.textContent).toContain('the AppSecret would cross the network unencrypted');
  });

  it('flags a refresh margin out of range, and Save does not send it', () => {
    const { api } = renderDialog(accountCore());
    type('field-label', 'Shop OA (margin)');
    type('field-app-id', APP_ID);
    type('field-secret', SECRET);
    type('field-margin', '4000');
    fireEvent.blur(field('field-margin'));
    expect(within(field('field-margin').closest('.field') as HTMLElement).getByRole('alert')).toBeTruthy();
    fireEvent.click(saveButton());
    expect(callsTo(api, 'accounts:add')).toEqual([]);
  });

  it('shows WeCom’s API host as the placeholder of a WeCom account', () => {
    renderDialog(accountCore());
    expect(field('field-api-base').placeholder).toBe('https://api.weixin.qq.com');
    choose('field-kind', 'wecom');
    expect(field('field-api-base').placeholder).toBe('https://qyapi.weixin.qq.com');
  });
});

describe('<AccountDialog> write-only secret', () => {
  const stored = accountView({ label: 'Shop OA', secretSet: true, state: { status: 'valid', since: T0 } });

  it('shows "Set" and "Replace" for a stored secret, never a value, and keeps it when saved untouched', async () => {
    const { api, closes } = renderDialog(accountCore(), { account: stored });
    expect(screen.getByRole('heading', { name: 'Edit account' })).toBeTruthy();
    const secretField = screen.getByTestId('replace-secret').closest('.field') as HTMLElement;
    expect(within(secretField).getByText('AppSecret')).toBeTruthy();
    expect(within(secretField).getByText('Set').className).toContain('badge');
    expect(within(secretField).getByRole('button', { name: 'Replace' })).toBeTruthy();
    expect(screen.getByTestId('account-dialog').querySelector('input[type="password"]')).toBeNull();

    fireEvent.click(saveButton());
    await waitFor(() => expect(closes).toHaveLength(1));
    const [[id, draft, secret]] = callsTo(api, 'accounts:update') as [[string, AccountDraft, string | undefined]];
    expect([id, draft, secret]).toEqual(['acc-shop', draftWith({ label: 'Shop OA', appId: APP_ID }), undefined]);
  });

  it('Replace reveals an empty password field, and the new secret is sent as typed (zh-CN)', async () => {
    const { api, closes } = renderDialog(accountCore(), { account: stored, language: 'zh-CN' });
    expect(
      within(screen.getByTestId('replace-secret').closest('.field') as HTMLElement).getByText('已设置'),
    ).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '替换' }));
    const input = field('field-secret');
    expect(input.type).toBe('password');
    expect(input.value).toBe('');
    expect(screen.getByLabelText('AppSecret')).toBe(input);
    expect(screen.queryByTestId('replace-secret')).toBeNull();

    type('field-secret', `${SECRET}\t`);
    fireEvent.click(saveButton());
    await waitFor(() => expect(closes).toHaveLength(1));
    expect(callsTo(api, 'accounts:update')).toEqual([
      ['acc-shop', draftWith({ label: 'Shop OA', appId: APP_ID }), `${SECRET}\t`],
    ]);
  });
});

describe('<AccountDialog> Test credentials', () => {
  const GOOD_SECRET = SECRET;
  const tokenBody = { access_token: 'ACCESS_TOKEN_FROM_TEST', expires_in: 7200 };
  const refusedErrmsg = realErrmsg('wechat', 40125, 'rid: ');
  const testCredentials: Handlers['testCredentials'] = (_draft, secret) =>
    secret === GOOD_SECRET
      ? success('stable-token', tokenBody, { accessToken: tokenBody.access_token, expiresIn: 7200 })
      : refusal({ call: 'stable-token', errcode: 40125, errmsg: refusedErrmsg });

  it('shows WeChat’s raw answer when it accepts and when it refuses', async () => {
    const { api } = renderDialog({ ...accountCore(), testCredentials });
    type('field-label', 'Shop OA (test)');
    type('field-app-id', APP_ID);
    type('field-secret', GOOD_SECRET);
    fireEvent.click(screen.getByRole('button', { name: 'Test credentials' }));
    await waitFor(() => expect(screen.getByTestId('test-result').className).toContain('test-ok'));
    const result = () => screen.getByTestId('test-result');
    expect(within(result()).getByText('WeChat accepted these credentials.')).toBeTruthy();
    expect(within(result()).getByLabelText('Response').textContent).toBe(JSON.stringify(tokenBody, null, 2));

    type('field-secret', 'fedcba9876543210fedcba9876543210');
    fireEvent.click(screen.getByRole('button', { name: 'Test credentials' }));
    await waitFor(() => expect(result().className).toContain('test-failed'));
    expect(within(result()).getByText('WeChat refused these credentials.')).toBeTruthy();
    expect(within(result()).getByLabelText('Response').textContent).toBe(
      JSON.stringify({ errcode: 40125, errmsg: refusedErrmsg }, null, 2),
    );

    const draft = draftWith({ label: 'Shop OA (test)', appId: APP_ID });
    expect(callsTo(api, 'accounts:test-credentials')).toEqual([
      [draft, GOOD_SECRET, undefined],
      [draft, 'fedcba9876543210fedcba9876543210', undefined],
    ]);
    // Testing saves nothing.
    expect(callsTo(api, 'accounts:add')).toEqual([]);
  });

  it('tests a stored secret without sending one when editing', async () => {
    const account = accountView({ secretSet: true });
    const { api } = renderDialog(
      {
        ...accountCore(),
        testCredentials: () =>
          success('stable-token', tokenBody, { accessToken: tokenBody.access_token, expiresIn: 7200 }),
      },
      { account },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Test credentials' }));
    await waitFor(() => expect(screen.getByTestId('test-result').className).toContain('test-ok'));
    expect(callsTo(api, 'accounts:test-credentials')).toEqual([
      [draftWith({ label: 'Shop OA', appId: APP_ID }), undefined, 'acc-shop'],
    ]);
  });

  describe('when the core refuses to test', () => {
    // test() has `try/finally` and no catch, so the refusal also escapes as an unhandled rejection, which would fail
    // the whole run; this collects it instead so the test can say so.
    // The page's tsconfig has no Node types; the test runner's process is there all the same.
    type Listener = (reason: unknown) => void;
    const { process } = globalThis as unknown as {
      process: {
        listeners(event: string): Listener[];
        removeAllListeners(event: string): void;
        on(event: string, listener: Listener): void;
        off(event: string, listener: Listener): void;
      };
    };
    let restore = () => {};
    afterEach(() => restore());
    function collectUnhandledRejections(): unknown[] {
      const collected: unknown[] = [];
      const runnerListeners = process.listeners('unhandledRejection');
      const collect = (reason: unknown) => collected.push(reason);
      process.removeAllListeners('unhandledRejection');
      process.on('unhandledRejection', collect);
      restore = () => {
        process.off('unhandledRejection', collect);
        runnerListeners.forEach((listener) => process.on('unhandledRejection', listener));
        restore = () => {};
      };
      return collected;
    }

    // Regression test (was broken in AccountDialog.tsx, `test`): clicking "Test credentials" before typing a secret makes the core answer
    // "Type the AppSecret first: there is none to test with." (a UserError meant to be shown as-is). The dialog shows
    // nothing — the button flips back from "Testing…" — and the rejection goes unhandled. Save has the same shape.
    it('says why it could not test', async () => {
      const unhandled = collectUnhandledRejections();
      const { api } = renderDialog({
        ...accountCore(),
        testCredentials: () => {
          throw new UserError({ code: 'test-needs-secret', params: {} });
        },
      });
      type('field-app-id', APP_ID);
      fireEvent.click(screen.getByRole('button', { name: 'Test credentials' }));
      await waitFor(() => expect(callsTo(api, 'accounts:test-credentials')).toHaveLength(1));
      await waitFor(() => expect(screen.getByRole('button', { name: 'Test credentials' })).toBeTruthy());
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
      expect(screen.getByTestId('account-dialog').textContent).toContain('Type the AppSecret first');
    });
  });
});

describe('<AccountDialog> WeCom', () => {
  it('switches the token mode to wecom and the labels to CorpID / Secret, and back', () => {
    renderDialog(accountCore());
    const mode = screen.getByTestId('field-token-mode') as HTMLSelectElement;
    expect(screen.getByLabelText('AppID')).toBe(field('field-app-id'));
    expect(screen.getByLabelText('AppSecret')).toBe(field('field-secret'));
    choose('field-token-mode', 'classic');

    choose('field-kind', 'wecom');
    expect(mode.value).toBe('wecom');
    expect(mode.disabled).toBe(true);
    expect([...mode.options].map((option) => option.text)).toEqual(['WeCom gettoken']);
    expect(screen.getByLabelText('CorpID')).toBe(field('field-app-id'));
    expect(field('field-app-id').placeholder).toBe('ww0123456789abcdef');
    expect(screen.getByLabelText('Secret')).toBe(field('field-secret'));
    expect(screen.queryByLabelText('AppID')).toBeNull();

    type('field-label', 'Corp app');
    type('field-app-id', 'ww0123456789abcdef');
    fireEvent.click(saveButton());
    expect(messageOf('field-secret')!.textContent).toBe('Enter the Secret.');
    expect(messageOf('field-app-id')).toBeNull();

    // Leaving WeCom falls back to stable (safe for production), not to the classic mode chosen before.
    choose('field-kind', 'miniProgram');
    expect(mode.value).toBe('stable');
    expect(mode.disabled).toBe(false);
    expect([...mode.options].map((option) => option.value)).toEqual(['stable', 'classic']);
    expect(screen.getByLabelText('AppID')).toBe(field('field-app-id'));
  });
});
