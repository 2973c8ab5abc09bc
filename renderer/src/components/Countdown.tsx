import { memo } from 'react';
import { useNow } from '../clock/shared-clock';
import { formatCountdown } from '../format/duration';

export interface CountdownProps {
  /** Epoch ms the token expires at. */
  expiresAt: number;
  /** Epoch ms the token was obtained at (the ring shows the share of its life that is left). */
  obtainedAt: number;
  /** Seconds before expiry at which the token counts as expiring (amber). */
  warnBelowSeconds?: number;
  size?: number;
}

/** A live mm:ss countdown with a small progress ring, driven by the one shared clock. */
export const Countdown = memo(function Countdown({
  expiresAt,
  obtainedAt,
  warnBelowSeconds = 300,
  size = 14,
}: CountdownProps) {
  const now = useNow();
  const secondsLeft = Math.max(0, (expiresAt - now) / 1000);
  const lifetime = Math.max(1, (expiresAt - obtainedAt) / 1000);
  const share = Math.min(1, secondsLeft / lifetime);
  const tone = secondsLeft <= 0 ? 'expired' : secondsLeft <= warnBelowSeconds ? 'expiring' : 'valid';
  const radius = size / 2 - 2;
  const circumference = 2 * Math.PI * radius;
  return (
    <span className={`countdown countdown-${tone}`} data-testid="countdown" role="timer" aria-live="off">
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
        <circle cx={size / 2} cy={size / 2} r={radius} className="countdown-track" />
        <circle
          cx={size / 2}
          cy={size / 2}
          r={radius}
          className="countdown-arc"
          strokeDasharray={`${circumference * share} ${circumference}`}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <span className="countdown-text">{formatCountdown(secondsLeft)}</span>
    </span>
  );
});
