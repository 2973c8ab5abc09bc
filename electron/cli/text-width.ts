/**
 * Column widths as a terminal draws them: CJK ideographs, kana, Hangul and full-width forms take two cells, so a
 * label like 商城公众号 padded by `String.length` would push every later column out of line.
 */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Terminal cells `text` takes (combining marks and zero-width characters are rare in labels and counted as one). */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) || (char.codePointAt(0) ?? 0) >= 0x20000 ? 2 : 1;
  return width;
}

/** `text` padded with spaces to `width` terminal cells. */
export function padEndCells(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
