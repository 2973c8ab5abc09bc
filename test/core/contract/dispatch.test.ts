import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../electron/core/contract/dispatch';
import { UserError } from '../../../electron/core/user-error';
import { createTestCore } from '../../support/core-fixture';
import { useTempDirs } from '../../support/temp-dir';

describe('dispatch', () => {
  const tempDir = useTempDirs();

  it('refuses an unknown channel', async () => {
    const core = createTestCore(tempDir());
    await expect(dispatch(core.handlers, 'shell:exec', ['rm -rf /'])).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
    await expect(dispatch(core.handlers, 'toString', [])).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    });
  });

  it('says which argument is wrong', async () => {
    const core = createTestCore(tempDir());
    const envelope = await dispatch(core.handlers, 'settings:set', [{ defaultMarginSeconds: 5 }]);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-arguments' } });
    expect(!envelope.ok && envelope.error).toMatchObject({
      params: { method: 'setSettings', problems: expect.stringMatching(/^argument 0\.defaultMarginSeconds/) },
    });
  });

  it('passes a UserError on as its code and params (no prose) and hides a bug’s', async () => {
    const core = createTestCore(tempDir());
    const log = vi.fn();
    vi.spyOn(core.handlers, 'getSettings').mockImplementationOnce(() => {
      throw new UserError({ code: 'keychain-unavailable', params: { detail: 'org.freedesktop.Secret: locked' } });
    });
    await expect(dispatch(core.handlers, 'settings:get', [], log)).resolves.toEqual({
      ok: false,
      error: { code: 'keychain-unavailable', params: { detail: 'org.freedesktop.Secret: locked' } },
    });
    vi.spyOn(core.handlers, 'getSettings').mockImplementationOnce(() => {
      throw new TypeError('secret internals');
    });
    const envelope = await dispatch(core.handlers, 'settings:get', [], log);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(envelope)).not.toContain('secret internals');
    expect(log).toHaveBeenCalledOnce();
  });

  it('sends a real refusal from the core as code + params, with the facts a caller needs', async () => {
    const core = createTestCore(tempDir());
    const envelope = await dispatch(core.handlers, 'token:get', ['no-such-account'], vi.fn());
    expect(envelope).toEqual({ ok: false, error: { code: 'account-gone', params: {} } });
    expect(JSON.stringify(envelope)).not.toMatch(/no longer exists/);
  });
});
