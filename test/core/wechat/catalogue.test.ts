import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  errorCatalogue,
  lookupError,
  parseErrorFacts,
  parseRid,
  ridIssuedAt,
  unwrapMappedIpv4,
} from '../../../electron/core/wechat/catalogue';
import type { CatalogueEntry, ErrorFacts } from '../../../electron/core/wechat/types';

const projectRoot = path.resolve(import.meta.dirname, '..', '..', '..');

interface Vector {
  source: string;
  family: CatalogueEntry['family'];
  errcode: number;
  errmsg: string;
  expect: { rid?: string } & ErrorFacts;
}
const { vectors } = JSON.parse(
  fs.readFileSync(path.join(projectRoot, 'test/fixtures/wechat-errmsgs.json'), 'utf8'),
) as { vectors: Vector[] };

// The codes issue 3 requires, per family.
const REQUIRED_WECHAT = [
  -1, -1000, 40001, 40002, 40013, 40125, 40164, 40243, 41001, 41002, 41004, 42001, 43002, 45009, 45011, 48001, 48006,
  50004, 50007, 76001, 76002, 76003, 89501, 89503, 89506, 89507,
];
const REQUIRED_WECOM = [40001, 40013, 40091, 41002, 41004, 42001, 45009, 45033, 48002, 60020];
const HAN = /[\u4e00-\u9fff]/;

describe('error catalogue', () => {
  it.each(REQUIRED_WECHAT)('has WeChat %i', (errcode) => {
    expect(lookupError(errcode, 'wechat')).toMatchObject({ errcode, family: 'wechat' });
  });

  it.each(REQUIRED_WECOM)('has WeCom %i', (errcode) => {
    expect(lookupError(errcode, 'wecom')).toMatchObject({ errcode, family: 'wecom' });
  });

  it('gives every entry real text in both languages', () => {
    for (const entry of errorCatalogue) {
      for (const field of ['meaning', 'cause', 'action'] as const) {
        const label = `${entry.family} ${entry.errcode} ${field}`;
        expect(entry[field].en.length, label).toBeGreaterThan(8);
        expect(entry[field].en, label).not.toMatch(HAN);
        expect(entry[field]['zh-CN'], label).toMatch(HAN);
      }
    }
  });

  it('has one entry per code, family and context', () => {
    const keys = errorCatalogue.map((entry) => `${entry.family}/${entry.errcode}/${entry.when ?? '-'}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('tells a wrong secret (on fetch) from a stale token (on use) for WeChat 40001', () => {
    const onFetch = lookupError(40001, 'wechat', 'fetch')!;
    const onUse = lookupError(40001, 'wechat', 'use')!;
    expect(onFetch.meaning.en).toMatch(/AppSecret/);
    expect(onUse.meaning.en).toMatch(/not the latest/);
    expect(lookupError(40001, 'wechat')).toBe(onUse);
    // Codes without a context split ignore the context.
    expect(lookupError(40125, 'wechat', 'fetch')).toBe(lookupError(40125, 'wechat', 'use'));
  });

  it('keeps the families apart: WeCom 40001 is about the corpsecret', () => {
    expect(lookupError(40001, 'wecom')!.action.en).toMatch(/App management/);
    expect(lookupError(60020, 'wechat')).toBeUndefined();
    expect(lookupError(12345, 'wechat')).toBeUndefined();
  });

  it('points at the console page where the fix happens', () => {
    expect(lookupError(40164, 'wechat')!.action['zh-CN']).toMatch(/IP白名单/);
    expect(lookupError(40164, 'wechat')!.action.en).toMatch(/::ffff:/);
    expect(lookupError(40125, 'wechat')!.action['zh-CN']).toMatch(/开发密钥|开发者ID/);
    expect(lookupError(60020, 'wecom')!.action['zh-CN']).toMatch(/企业可信IP/);
    expect(lookupError(45009, 'wechat')!.action.en).toMatch(/clear_quota\/v2/);
  });

  it('marks only retry-later codes as transient', () => {
    const transient = errorCatalogue
      .filter((entry) => entry.transient)
      .map((entry) => `${entry.family} ${entry.errcode}`);
    expect(transient.sort()).toEqual(
      ['wechat -1', 'wechat -1000', 'wechat 45011', 'wecom -1', 'wecom 45009', 'wecom 45033'].sort(),
    );
  });

  it('imports nothing from Node, so the renderer can use it', () => {
    for (const file of ['catalogue.ts', 'catalogue-entries.ts', 'types.ts']) {
      const source = fs.readFileSync(path.join(projectRoot, 'electron/core/wechat', file), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(
        imports.every((specifier) => specifier!.startsWith('./')),
        `${file}: ${imports.join(', ')}`,
      ).toBe(true);
    }
  });
});

describe('errmsg parsers against real errmsgs (test/fixtures/wechat-errmsgs.json)', () => {
  it.each(vectors.map((vector) => [vector.source, vector] as const))('%s', (_source, vector) => {
    const { rid, ...facts } = vector.expect;
    expect(parseRid(vector.errmsg)).toBe(rid);
    expect(parseErrorFacts(vector.errcode, vector.errmsg)).toEqual(facts);
  });
});

describe('parsers, edge cases', () => {
  it('reads ` rid:` and `, rid:` but not a rid inside another word', () => {
    expect(parseRid('api unauthorized, rid: 64d5f9a9-63208b5d-00ed75a8')).toBe('64d5f9a9-63208b5d-00ed75a8');
    expect(parseRid('x rid: 64d5f9a9-63208b5d-00ed75a8')).toBe('64d5f9a9-63208b5d-00ed75a8');
    expect(parseRid('invalid grid: 1234')).toBeUndefined();
    expect(parseRid('')).toBeUndefined();
  });

  it('gives 40164 facts only for 40164, lockouts only for 89506/89507', () => {
    expect(parseErrorFacts(40001, 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist')).toEqual({});
    expect(parseErrorFacts(89503, 'x rid: 6b0750a1-00000000-00000001')).toEqual({});
    expect(parseErrorFacts(89506, '')).toEqual({ lockoutSeconds: 86_400 });
    expect(parseErrorFacts(89507, '')).toEqual({ lockoutSeconds: 3_600 });
  });

  it('keeps a real IPv6 next to the IPv4 when WeChat reports both', () => {
    expect(
      parseErrorFacts(40164, 'invalid ip 1.2.3.4 ipv6 2001:db8::7, not in whitelist rid: 6b0750a1-00000000-00000001'),
    ).toEqual({
      ip: '1.2.3.4',
      ipv6: '2001:db8::7',
    });
  });

  it('unwraps IPv4-mapped IPv6 only', () => {
    expect(unwrapMappedIpv4('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(unwrapMappedIpv4('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(unwrapMappedIpv4('2001:db8::1')).toBe('2001:db8::1');
  });

  it('dates a rid from its first group', () => {
    expect(ridIssuedAt('617682e0-09059ac5-34a8e2ea')).toBe(0x617682e0 * 1000);
    expect(new Date(ridIssuedAt('617682e0-09059ac5-34a8e2ea')!).toISOString()).toBe('2021-10-25T10:11:44.000Z');
    expect(ridIssuedAt('J9ayXa0958vr22')).toBeUndefined();
  });
});
