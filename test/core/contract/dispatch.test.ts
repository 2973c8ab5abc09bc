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
    expect(!envelope.ok && envelope.error.message).toMatch(/setSettings: argument 0\.defaultMarginSeconds/);
  });

  it('passes a UserError’s message through and hides a bug’s', async () => {
    const core = createTestCore(tempDir());
    const log = vi.fn();
    vi.spyOn(core.handlers, 'getSettings').mockImplementationOnce(() => {
      throw new UserError('The keychain is locked: unlock it and try again.');
    });
    await expect(dispatch(core.handlers, 'settings:get', [], log)).resolves.toEqual({
      ok: false,
      error: { code: 'user-error', message: 'The keychain is locked: unlock it and try again.' },
    });
    vi.spyOn(core.handlers, 'getSettings').mockImplementationOnce(() => {
      throw new TypeError('secret internals');
    });
    const envelope = await dispatch(core.handlers, 'settings:get', [], log);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(envelope)).not.toContain('secret internals');
    expect(log).toHaveBeenCalledOnce();
  });
});
