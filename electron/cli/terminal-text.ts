/* eslint-disable no-control-regex -- finding control characters is what this module is for */
/**
 * Text from outside TokenDesk (WeChat's errmsg, a proxy's error page, a network error, even a token) made safe to
 * print on a terminal. An upstream that can put ESC sequences into a terminal can retitle it, rewrite what is on the
 * screen, hide text, or (on some terminals) make it answer back into the input; a CR or a bidi override can make
 * one line read as another. So escape sequences (CSI, OSC, and the two-byte forms) go entirely, and so do the C0 and
 * C1 control characters, DEL and the bidirectional overrides. A newline or tab becomes a space unless `multiline`
 * (our own multi-line messages), so one errmsg can't pose as further lines of TokenDesk's explanation.
 */

// ESC [ … final byte (CSI) | ESC ] … BEL or ST (OSC, also DCS/PM/APC which end the same way) | ESC + one byte.
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[\s\S]?)/g;
// C1 introducers (U+009B is a one-character CSI) with what follows them, as terminals honouring them would read it.
const C1_SEQUENCE = /\u009b[0-?]*[ -/]*[@-~]?|[\u0090\u009d\u009e\u009f][^\u0007\u009c]*[\u0007\u009c]?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /[\t\n]/g;

export function terminalSafe(text: string, { multiline = false }: { multiline?: boolean } = {}): string {
  const stripped = text.replace(ESCAPE_SEQUENCE, '').replace(C1_SEQUENCE, '').replace(CONTROL, '');
  return multiline ? stripped : stripped.replace(LINE_BREAK, ' ');
}
