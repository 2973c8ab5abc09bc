import { describe, expect, it } from 'vitest';
import { usableSavedBounds } from '../../electron/main/window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('usableSavedBounds', () => {
  it('restores bounds that are on a current display', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800 };
    expect(usableSavedBounds(saved, [laptop, external])).toEqual(saved);
  });

  it('drops bounds left on a display that is gone', () => {
    expect(usableSavedBounds({ x: 1600, y: 100, width: 1200, height: 800 }, [laptop])).toBeUndefined();
  });

  it.each([
    null,
    'x',
    { x: 1, y: 2 },
    { x: 0, y: 0, width: 100, height: 100 },
    { x: NaN, y: 0, width: 1000, height: 700 },
  ])('drops malformed or too small bounds: %j', (saved) => expect(usableSavedBounds(saved, [laptop])).toBeUndefined());
});
