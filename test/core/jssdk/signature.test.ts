import { describe, expect, it } from 'vitest';
import {
  agentConfigSnippet,
  randomNonceStr,
  signJsSdk,
  urlForSignature,
  wxConfigSnippet,
} from '../../../electron/core/jssdk/signature';

// The worked example of WeChat's JS-SDK signature docs, inputs and signatures as published:
// WeCom https://developer.work.weixin.qq.com/document/path/96909 (url with `?params=value`) and the Official Account
// JS-SDK doc, appendix 1 (https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html, bare url).
const DOC_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const DOC_NONCE = 'Wm3WZYTPz0wzccnW';
const DOC_TIMESTAMP = 1414587457;

describe('JS-SDK signature', () => {
  it('reproduces the worked example of WeCom’s JS-SDK docs', () => {
    const signed = signJsSdk({
      ticket: DOC_TICKET,
      nonceStr: DOC_NONCE,
      timestamp: DOC_TIMESTAMP,
      url: 'http://mp.weixin.qq.com?params=value',
    });
    expect(signed.signedString).toBe(
      `jsapi_ticket=${DOC_TICKET}&noncestr=${DOC_NONCE}&timestamp=${DOC_TIMESTAMP}&url=http://mp.weixin.qq.com?params=value`,
    );
    expect(signed.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('reproduces the Official Account doc’s example, and ignores the URL’s #fragment', () => {
    const input = { ticket: DOC_TICKET, nonceStr: DOC_NONCE, timestamp: DOC_TIMESTAMP };
    expect(signJsSdk({ ...input, url: 'http://mp.weixin.qq.com' }).signature).toBe(
      'f4d90daf4b3bca3078ab155816175ba34c443a7b',
    );
    const withFragment = signJsSdk({ ...input, url: 'http://mp.weixin.qq.com#/route?x=1' });
    expect(withFragment.url).toBe('http://mp.weixin.qq.com');
    expect(withFragment.signature).toBe('f4d90daf4b3bca3078ab155816175ba34c443a7b');
    expect(urlForSignature('https://a.example/p?q=1#h')).toBe('https://a.example/p?q=1');
  });

  it('signs raw values (no URL-encoding) and fills in a nonce and the current time when not given', () => {
    const signed = signJsSdk({ ticket: 't', url: 'https://a.example/页面?a=1&b=%20' }, () => 1_700_000_000_999);
    expect(signed.timestamp).toBe(1_700_000_000);
    expect(signed.nonceStr).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(signed.signedString).toContain('&url=https://a.example/页面?a=1&b=%20');
    expect(randomNonceStr()).not.toBe(randomNonceStr());
  });

  it('writes a wx.config snippet with the signed inputs', () => {
    const signed = signJsSdk({ ticket: DOC_TICKET, nonceStr: DOC_NONCE, timestamp: DOC_TIMESTAMP, url: 'http://x' });
    const snippet = wxConfigSnippet('wx0123456789abcdef', signed, ['updateAppMessageShareData']);
    expect(snippet).toBe(
      [
        'wx.config({',
        '  debug: false,',
        '  appId: "wx0123456789abcdef",',
        `  timestamp: ${DOC_TIMESTAMP},`,
        `  nonceStr: "${DOC_NONCE}",`,
        `  signature: "${signed.signature}",`,
        '  jsApiList: ["updateAppMessageShareData"],',
        '});',
      ].join('\n'),
    );
  });
});

describe('WeCom agentConfig snippet', () => {
  it('carries the CorpID and the signed inputs, leaving the AgentId to fill', () => {
    const signed = signJsSdk({ ticket: DOC_TICKET, nonceStr: DOC_NONCE, timestamp: DOC_TIMESTAMP, url: 'http://x' });
    const snippet = agentConfigSnippet('ww0123456789abcdef', signed);
    expect(snippet).toContain('corpid: "ww0123456789abcdef",');
    expect(snippet).toContain(`signature: "${signed.signature}",`);
    expect(snippet).toMatch(/agentid: "", \/\/ /);
  });
});
