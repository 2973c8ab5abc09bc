import { describe, expect, it } from 'vitest';
import { resolveAlias } from '../../../electron/core/endpoint/resolve-alias';
import type { EndpointAccount } from '../../../electron/core/endpoint/token-source';

const account = (id: string, label: string, appId: string): EndpointAccount => ({
  id,
  label,
  appId,
  kind: 'officialAccount',
  mode: 'stable',
});
const ACCOUNTS = [
  account('shop', 'Shop OA', 'wx1234567890abcdef'),
  account('blog', 'blog', 'wx0000000000000001'),
  account('corp-a', 'Corp app A', 'ww0000000000000002'),
  account('corp-b', 'Corp app B', 'ww0000000000000002'),
];
const found = (alias: string, accounts = ACCOUNTS) => {
  const match = resolveAlias(accounts, alias);
  return match.kind === 'found' ? match.account.id : match.kind;
};

describe('resolveAlias', () => {
  it('finds a label whatever its case, and an AppID', () => {
    expect(found('Shop OA')).toBe('shop');
    expect(found('shop oa')).toBe('shop');
    expect(found('BLOG')).toBe('blog');
    expect(found('wx1234567890abcdef')).toBe('shop');
    expect(found('WX1234567890ABCDEF')).toBe('shop');
    expect(found('nothing')).toBe('none');
  });

  it('prefers the exact label, and calls an alias several accounts answer to ambiguous', () => {
    const twins = [...ACCOUNTS, account('blog-2', 'Blog', 'wx0000000000000003')];
    expect(found('Blog', twins)).toBe('blog-2');
    expect(found('BLOG', twins)).toBe('ambiguous');
    expect(found('ww0000000000000002')).toBe('ambiguous');
  });
});
