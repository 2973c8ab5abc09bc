/** The TokenDesk mark: a key whose bow is a countdown ring. */
export function TokenDeskMark({ size = 24 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="td-mark">
      <rect width="32" height="32" rx="8" fill="var(--accent)" />
      <circle
        cx="12"
        cy="16"
        r="6"
        fill="none"
        stroke="#fff"
        strokeWidth="2.5"
        strokeDasharray="28 10"
        strokeLinecap="round"
      />
      <path d="M18 16h9m-3 0v4m-3-4v3" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
