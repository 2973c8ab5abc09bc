import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNowCrossing } from '../../renderer/src/clock/shared-clock';

describe('useNowCrossing', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T10:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  /** Shows whether a token expiring at `expiresAt` is usable, counting its renders. */
  function probe(expiresAt: number) {
    let renders = 0;
    const instants = [expiresAt];
    function Health() {
      const now = useNowCrossing(instants);
      renders += 1;
      return <span data-testid="health">{now < expiresAt ? 'ok' : 'expired'}</span>;
    }
    render(<Health />);
    return { renders: () => renders, health: () => screen.getByTestId('health').textContent };
  }

  it('renders again when the time crosses an instant, not on a timer', () => {
    const { renders, health } = probe(Date.now() + 125_000);
    expect(health()).toBe('ok');
    const first = renders();
    act(() => vi.advanceTimersByTime(124_999));
    expect(health()).toBe('ok');
    expect(renders()).toBe(first);
    act(() => vi.advanceTimersByTime(1));
    expect(health()).toBe('expired');
    expect(renders()).toBe(first + 1);
    act(() => vi.advanceTimersByTime(600_000));
    expect(renders()).toBe(first + 1);
  });

  it('notices a wall clock set past an instant within a minute', () => {
    const { health } = probe(Date.now() + 3_600_000);
    // The wall clock jumps an hour and a half; timers, on the monotonic clock, have not run.
    vi.setSystemTime(Date.now() + 5_400_000);
    expect(health()).toBe('ok');
    act(() => vi.advanceTimersByTime(60_000));
    expect(health()).toBe('expired');
  });
});
