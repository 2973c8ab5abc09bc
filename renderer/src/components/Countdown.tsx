import { memo, useLayoutEffect, useReducer, useRef } from 'react';
import { currentSecond, onEverySecond } from '../clock/shared-clock';
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

/** Steps of the ring: it moves by a hundredth of the token's life, not every second (a 2-hour token: every 72 s). */
const RING_STEPS = 100;

type Tone = 'valid' | 'expiring' | 'expired';

/** What a countdown shows at `now`. */
export function countdownFace(
  now: number,
  { expiresAt, obtainedAt, warnBelowSeconds = 300 }: Omit<CountdownProps, 'size'>,
): { text: string; tone: Tone; ring: number } {
  const secondsLeft = Math.max(0, (expiresAt - now) / 1000);
  const lifetime = Math.max(1, (expiresAt - obtainedAt) / 1000);
  return {
    text: formatCountdown(secondsLeft),
    tone: secondsLeft <= 0 ? 'expired' : secondsLeft <= warnBelowSeconds ? 'expiring' : 'valid',
    ring: Math.ceil(Math.min(1, secondsLeft / lifetime) * RING_STEPS) / RING_STEPS,
  };
}

/** What changes the countdown's markup: React renders only when one of these changes, a few times in a token's life. */
interface Shape {
  tone: Tone;
  ring: number;
  /** Characters of the text (`59:59` vs `1:00:00`): the digits' box is as wide as that, in `ch`. */
  chars: number;
}

const shapeOf = ({ text, tone, ring }: ReturnType<typeof countdownFace>): Shape => ({ tone, ring, chars: text.length });
const sameShape = (a: Shape, b: Shape) => a.tone === b.tone && a.ring === b.ring && a.chars === b.chars;

/**
 * A live mm:ss countdown with a small progress ring, driven by the one shared clock. A tick costs one text write: the
 * digits are set directly on their text node (in a fixed-width box that contains its own layout and paint), and React
 * renders again only when the tone, the ring's step or the text's length changes.
 */
export const Countdown = memo(function Countdown({
  expiresAt,
  obtainedAt,
  warnBelowSeconds = 300,
  size = 14,
}: CountdownProps) {
  const digits = useRef<HTMLSpanElement>(null);
  const [, rerender] = useReducer((renders: number) => renders + 1, 0);
  const face = countdownFace(currentSecond(), { expiresAt, obtainedAt, warnBelowSeconds });
  const shape = shapeOf(face);
  // The shape on screen, for the ticks to compare with.
  const shown = useRef(shape);
  useLayoutEffect(() => {
    shown.current = shape;
  });

  useLayoutEffect(() => {
    const tick = (now: number) => {
      const next = countdownFace(now, { expiresAt, obtainedAt, warnBelowSeconds });
      if (!sameShape(shown.current, shapeOf(next))) return rerender();
      const text = digits.current?.firstChild;
      if (text && text.nodeValue !== next.text) text.nodeValue = next.text;
    };
    // A tick may have come between the render and this commit.
    tick(currentSecond());
    return onEverySecond(tick);
  }, [expiresAt, obtainedAt, warnBelowSeconds]);

  const radius = size / 2 - 2;
  const circumference = 2 * Math.PI * radius;
  return (
    <span className={`countdown countdown-${shape.tone}`} data-testid="countdown" role="timer" aria-live="off">
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} aria-hidden="true">
        <circle cx={size / 2} cy={size / 2} r={radius} className="countdown-track" />
        <circle
          cx={size / 2}
          cy={size / 2}
          r={radius}
          className="countdown-arc"
          strokeDasharray={`${circumference * shape.ring} ${circumference}`}
          transform={`rotate(-90 ${size / 2} ${size / 2})`}
        />
      </svg>
      <span className="countdown-text">
        <span className="countdown-digits" ref={digits} style={{ width: `${shape.chars}ch` }}>
          {face.text}
        </span>
      </span>
    </span>
  );
});
