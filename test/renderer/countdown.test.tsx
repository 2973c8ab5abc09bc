import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Countdown } from '../../renderer/src/components/Countdown';
import { formatCountdown } from '../../renderer/src/format/duration';

describe('formatCountdown', () => {
  it.each([
    [0, '00:00'],
    [-5, '00:00'],
    [59.9, '00:59'],
    [61, '01:01'],
    [7200, '2:00:00'],
    [3599, '59:59'],
  ])('%s s → %s', (seconds, text) => expect(formatCountdown(seconds)).toBe(text));
});

describe('<Countdown>', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-25T10:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('ticks every second from one shared clock and turns amber, then red', () => {
    const now = Date.now();
    render(
      <>
        <Countdown obtainedAt={now - 6_898_000} expiresAt={now + 302_000} />
        <Countdown obtainedAt={now} expiresAt={now + 7_200_000} />
      </>,
    );
    const [first, second] = screen.getAllByTestId('countdown');
    expect(first).toHaveProperty('textContent', '05:02');
    expect(first!.className).toContain('countdown-valid');
    expect(second).toHaveProperty('textContent', '2:00:00');
    act(() => vi.advanceTimersByTime(3000));
    expect(first).toHaveProperty('textContent', '04:59');
    expect(first!.className).toContain('countdown-expiring');
    expect(second).toHaveProperty('textContent', '1:59:57');
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(300_000));
    expect(first).toHaveProperty('textContent', '00:00');
    expect(first!.className).toContain('countdown-expired');
  });

  it('stops its timer when the last countdown unmounts', () => {
    const view = render(<Countdown obtainedAt={Date.now()} expiresAt={Date.now() + 60_000} />);
    expect(vi.getTimerCount()).toBe(1);
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
