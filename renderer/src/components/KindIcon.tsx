import type { AccountKind } from '../../../electron/core/wechat/types';

// One glyph per account kind, drawn inline (no icon font, nothing remote for the CSP to allow).
const glyphs: Record<AccountKind, { path: string; tone: string }> = {
  // Official Account: a speech bubble (broadcast to followers).
  officialAccount: { path: 'M4 5h16v10H9l-4 4v-4H4z', tone: 'kind-oa' },
  // Mini Program: the mini-program knot (two linked rings).
  miniProgram: { path: 'M9 7a4 4 0 1 0 0 8h1m5-6h-1M15 17a4 4 0 1 0 0-8', tone: 'kind-mp' },
  // WeCom app: a building (a company).
  wecom: { path: 'M5 20V6l7-3v17M12 9h7v11M8 9h1M8 13h1M15 13h1M15 16h1', tone: 'kind-wecom' },
  // Test account: a flask.
  testAccount: { path: 'M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3', tone: 'kind-test' },
};

export function KindIcon({ kind, label }: { kind: AccountKind; label: string }) {
  const glyph = glyphs[kind];
  return (
    <span className={`kind-icon ${glyph.tone}`} role="img" aria-label={label} title={label}>
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
        <path
          d={glyph.path}
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </span>
  );
}
