import { describe, expect, it } from 'vitest';
import {
  redactJsonBody,
  redactUrl,
  redactValue,
  scrubJsonSecrets,
  scrubSecrets,
} from '../../../electron/core/wechat/redact';

describe('redactUrl', () => {
  it('hides the AppSecret and keeps the AppID and the rest of the URL as sent', () => {
    expect(
      redactUrl(
        'https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=s3cr%2Bet',
      ),
    ).toBe('https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=***');
  });

  it.each([
    [
      'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=abc',
      'https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=***',
    ],
    [
      'https://x/cgi-bin/clear_quota/v2?appid=wx1&appsecret=abc',
      'https://x/cgi-bin/clear_quota/v2?appid=wx1&appsecret=***',
    ],
    ['https://x/cgi-bin/menu/get?access_token=87_abc&lang=zh', 'https://x/cgi-bin/menu/get?access_token=***&lang=zh'],
    ['https://x/a?SECRET=abc#frag', 'https://x/a?SECRET=***#frag'],
    // rid/get echoes bare query strings.
    ['access_token=50_Im7xxxx', 'access_token=***'],
    ['grant_type=client_credential&appid=wx1&secret=abc', 'grant_type=client_credential&appid=wx1&secret=***'],
  ])('%s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('does not touch parameters that merely end in a secret name', () => {
    expect(redactUrl('https://x/a?client_secret_hint=1&mysecret=2')).toBe(
      'https://x/a?client_secret_hint=1&mysecret=2',
    );
  });
});

describe('redactJsonBody', () => {
  it('hides secret fields at any depth and keeps the rest', () => {
    const body = JSON.stringify({
      grant_type: 'client_credential',
      appid: 'wx1',
      secret: 'abc',
      force_refresh: true,
      nested: [{ access_token: 't' }],
    });
    expect(JSON.parse(redactJsonBody(body))).toEqual({
      grant_type: 'client_credential',
      appid: 'wx1',
      secret: '***',
      force_refresh: true,
      nested: [{ access_token: '***' }],
    });
  });

  it('redacts JSON-looking text that does not parse', () => {
    expect(redactJsonBody('{"appid":"wx1","secret":"ab\\"c",')).toBe('{"appid":"wx1","secret":"***",');
    expect(redactJsonBody('appid=wx1&appsecret=abc')).toBe('appid=wx1&appsecret=***');
  });

  it('leaves values without secrets alone', () => {
    expect(redactValue({ rid: 'x', n: 1, list: ['a'] })).toEqual({ rid: 'x', n: 1, list: ['a'] });
    expect(redactJsonBody('{"cgi_path":"/cgi-bin/token"}')).toBe('{"cgi_path":"/cgi-bin/token"}');
  });
});

describe('scrubSecrets', () => {
  it('replaces every occurrence of each secret and ignores empty ones', () => {
    expect(scrubSecrets('a SEC b SEC c TOK', ['SEC', 'TOK', ''])).toBe('a *** b *** c ***');
  });
});

describe('scrubJsonSecrets', () => {
  it('scrubs every string, keys included, at any depth, whatever the field is called', () => {
    const echoed = { errmsg: 'bad SEC rid: x', msg: ['SEC'], deep: { a: { b: 'xSECx' } }, SEC: 1, n: 7 };
    expect(scrubJsonSecrets(echoed, ['SEC'])).toEqual({
      errmsg: 'bad *** rid: x',
      msg: ['***'],
      deep: { a: { b: 'x***x' } },
      '***': 1,
      n: 7,
    });
  });

  it('catches a secret as a URL would carry it', () => {
    expect(scrubJsonSecrets({ url: 'a?secret=a%2Bb%2Fc' }, ['a+b/c'])).toEqual({ url: 'a?secret=***' });
  });

  it('hands back the very same value when there is nothing to scrub (so the raw body text can be kept)', () => {
    const clean = { errcode: 0, list: ['a', { b: 'c' }] };
    expect(scrubJsonSecrets(clean, ['SEC'])).toBe(clean);
    expect(scrubJsonSecrets(clean, [])).toBe(clean);
  });
});
