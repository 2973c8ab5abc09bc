import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../../electron/core/security/content-security-policy';
import { safeExternalUrl } from '../../../electron/core/security/external-links';

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts and no framing in production', () => {
    const policy = contentSecurityPolicy();
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('opens only the preview socket it is given', () => {
    expect(contentSecurityPolicy({ previewSocket: 'ws://127.0.0.1:4000' })).toContain(
      "connect-src 'self' ws://127.0.0.1:4000",
    );
  });
});

describe('safeExternalUrl', () => {
  it('lets https links out', () => {
    expect(safeExternalUrl('https://developers.weixin.qq.com/doc/')).toBe('https://developers.weixin.qq.com/doc/');
  });

  it.each([
    'http://example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'https://user:pw@example.com',
    'nonsense',
  ])('keeps %s in', (url) => expect(safeExternalUrl(url)).toBeNull());
});
