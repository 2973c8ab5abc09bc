export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW_SIZE = { width: 1180, height: 760 } as const;
export const MIN_WINDOW_SIZE = { width: 820, height: 520 } as const;

function isBounds(value: unknown): value is Bounds {
  if (value === null || typeof value !== 'object') return false;
  const b = value as Record<string, unknown>;
  return ['x', 'y', 'width', 'height'].every((key) => typeof b[key] === 'number' && Number.isFinite(b[key]));
}

/**
 * The saved window bounds if they are still usable, else undefined (the window then opens centred at the default
 * size). Unusable means malformed, smaller than the minimum, or with less than 100×50 px of its title area on any
 * current display — a monitor that was unplugged since last time must not leave the window off-screen.
 */
export function usableSavedBounds(saved: unknown, workAreas: readonly Bounds[]): Bounds | undefined {
  if (!isBounds(saved)) return undefined;
  if (saved.width < MIN_WINDOW_SIZE.width || saved.height < MIN_WINDOW_SIZE.height) return undefined;
  const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 50 };
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(titleBar.x + titleBar.width, area.x + area.width) - Math.max(titleBar.x, area.x);
    const overlapY = Math.min(titleBar.y + titleBar.height, area.y + area.height) - Math.max(titleBar.y, area.y);
    return overlapX >= 100 && overlapY >= 25;
  });
  return visible ? saved : undefined;
}
