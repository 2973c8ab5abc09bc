import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
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

  it('writes only its digits on a tick: React renders again when the tone, the ring or the text length changes', () => {
    const now = Date.now();
    let commits = 0;
    render(
      <Profiler id="countdowns" onRender={() => (commits += 1)}>
        <Countdown obtainedAt={now - 6_898_000} expiresAt={now + 302_000} />
      </Profiler>,
    );
    const countdown = screen.getByTestId('countdown');
    const digits = countdown.querySelector('.countdown-digits') as HTMLElement;
    const arc = () => countdown.querySelector('.countdown-arc')!.getAttribute('stroke-dasharray');
    const [arcBefore, commitsBefore] = [arc(), commits];
    act(() => vi.advanceTimersByTime(1000));
    expect(countdown).toHaveProperty('textContent', '05:01');
    // The same text node, changed in place; nothing else in the countdown was rendered or touched.
    expect(commits).toBe(commitsBefore);
    expect(arc()).toBe(arcBefore);
    expect(digits.style.width).toBe('5ch');
    // 05:00 is within the default 300 s: amber, which is a render.
    act(() => vi.advanceTimersByTime(1000));
    expect(countdown).toHaveProperty('textContent', '05:00');
    expect(countdown.className).toContain('countdown-expiring');
    expect(commits).toBe(commitsBefore + 1);
    act(() => vi.advanceTimersByTime(1000));
    expect(countdown).toHaveProperty('textContent', '04:59');
    expect(commits).toBe(commitsBefore + 1);
  });

  it('moves its ring a hundredth of the token’s life at a time, and widens for an hour or more', () => {
    const now = Date.now();
    render(<Countdown obtainedAt={now - 3_000_000} expiresAt={now + 3_601_000} />);
    const countdown = screen.getByTestId('countdown');
    const digits = countdown.querySelector('.countdown-digits') as HTMLElement;
    const arc = () =>
      Number(countdown.querySelector('.countdown-arc')!.getAttribute('stroke-dasharray')!.split(' ')[0]);
    expect(countdown).toHaveProperty('textContent', '1:00:01');
    expect(digits.style.width).toBe('7ch');
    const start = arc();
    act(() => vi.advanceTimersByTime(2000));
    expect(countdown).toHaveProperty('textContent', '59:59');
    expect(digits.style.width).toBe('5ch');
    // Two seconds of a life of 6,601: the same hundredth (66 s); 72 s more move it one step.
    expect(arc()).toBe(start);
    act(() => vi.advanceTimersByTime(72_000));
    expect(arc()).toBeLessThan(start);
  });

  it('shows a new token at once when its props change', () => {
    const now = Date.now();
    const view = render(<Countdown obtainedAt={now - 7_190_000} expiresAt={now + 10_000} />);
    const countdown = screen.getByTestId('countdown');
    expect(countdown).toHaveProperty('textContent', '00:10');
    view.rerender(<Countdown obtainedAt={now} expiresAt={now + 7_200_000} />);
    expect(countdown).toHaveProperty('textContent', '2:00:00');
    expect(countdown.className).toContain('countdown-valid');
    act(() => vi.advanceTimersByTime(1000));
    expect(countdown).toHaveProperty('textContent', '1:59:59');
  });

  it('stops its timer when the last countdown unmounts', () => {
    const view = render(<Countdown obtainedAt={Date.now()} expiresAt={Date.now() + 60_000} />);
    expect(vi.getTimerCount()).toBe(1);
    view.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
