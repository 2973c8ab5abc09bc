import { describe, expect, it } from 'vitest';
import { displayWidth, padEndCells } from '../../electron/cli/text-width';

describe('displayWidth', () => {
  it('counts CJK and full-width characters as two terminal cells, the rest as one', () => {
    expect(displayWidth('shop')).toBe(4);
    expect(displayWidth('商城公众号')).toBe(10);
    expect(displayWidth('测试号 A')).toBe(8);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('한글')).toBe(4);
  });

  it('pads mixed labels to the same width on screen', () => {
    expect(padEndCells('商城', 6)).toBe('商城  ');
    expect(displayWidth(padEndCells('商城', 6))).toBe(displayWidth(padEndCells('shop', 6)));
  });
});
