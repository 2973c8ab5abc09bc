import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { History } from '../../../electron/core/history/history';
import { wechatDay } from '../../../electron/core/history/wechat-day';
import { WeChatClient } from '../../../electron/core/wechat/client';
import { startFakeWeChat, type FakeWeChat } from '../../fake-wechat/server';
import { useTempDirs } from '../../support/temp-dir';

const APP_ID = 'wx1234567890abcdef';
const CANARY = 'cafebabe0123456789abcdef0badf00d';
// 2026-11-25 23:59:00 Beijing time (15:59 UTC): one minute before WeChat's day turns.
const BEFORE_MIDNIGHT = Date.UTC(2026, 10, 25, 15, 59, 0);

describe('History', () => {
  const tempDir = useTempDirs();
  let fake: FakeWeChat | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  async function world() {
    let now = BEFORE_MIDNIGHT;
    fake = await startFakeWeChat({ now: () => now, accounts: [{ appId: APP_ID, secret: CANARY }] });
    const client = new WeChatClient({ apiBase: fake.url, now: () => now });
    const dir = path.join(tempDir(), 'history');
    return { client, dir, fake, setNow: (ms: number) => (now = ms) };
  }

  it('keeps every exchange redacted on disk: no AppSecret, no live token', async () => {
    const { client, dir } = await world();
    const history = new History({ dir });
    const exchange = await client.stableToken({ appId: APP_ID, secret: CANARY });
    const liveToken = exchange.result!.accessToken;
    history.record('acc', exchange, 'demand');
    await history.flush();
    const journal = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
    expect(journal).toContain(exchange.id);
    expect(journal).not.toContain(CANARY);
    expect(journal).not.toContain(liveToken);

    await history.compact();
    const text = fs.readFileSync(path.join(dir, 'acc.json'), 'utf8');
    expect(text).toContain(exchange.id);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(liveToken);
    const [entry] = history.list('acc');
    expect(entry).toMatchObject({
      kind: 'exchange',
      trigger: 'demand',
      exchange: { call: 'stable-token', result: { accessToken: '***', expiresIn: 7200 } },
    });
    expect(entry?.kind === 'exchange' && JSON.parse(entry.exchange.bodyText!)).toEqual({
      access_token: '***',
      expires_in: 7200,
    });
    expect(fs.readdirSync(dir)).toEqual(['acc.json']); // no temp files left behind, the journal emptied
  });

  it('keeps a JS-SDK ticket fetched through the API console off the disk', async () => {
    const { client, dir } = await world();
    const history = new History({ dir });
    const token = (await client.stableToken({ appId: APP_ID, secret: CANARY })).result!.accessToken;
    const ticketUrl = `${fake!.url}/cgi-bin/ticket/getticket?access_token=${token}&type=jsapi`;
    const body = await (await fetch(ticketUrl)).text();
    const ticket = (JSON.parse(body) as { ticket: string }).ticket;
    expect(ticket).toMatch(/\S{20,}/);
    history.record(
      'acc',
      {
        id: 'console-1',
        call: 'api-call',
        request: { method: 'GET', url: '/cgi-bin/ticket/getticket?access_token=***&type=jsapi' },
        status: 200,
        bodyText: body,
        json: JSON.parse(body),
        startedAt: BEFORE_MIDNIGHT,
        finishedAt: BEFORE_MIDNIGHT,
        latencyMs: 1,
        outcome: { kind: 'ok' },
      },
      'manual',
    );
    await history.flush();
    expect(fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')).toContain('console-1');
    await history.compact();
    expect(fs.readFileSync(path.join(dir, 'acc.json'), 'utf8')).toContain('console-1');
    for (const name of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, name), 'utf8')).not.toContain(ticket);
  });

  it('is bounded per account, newest first, and survives a restart', async () => {
    const { client, dir } = await world();
    const history = new History({ dir, maxEntriesPerAccount: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 8; i += 1) {
      const exchange = await client.stableToken({ appId: APP_ID, secret: CANARY });
      ids.push(exchange.id);
      history.record('acc', exchange, 'schedule');
    }
    history.record('other', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    await history.flush();

    const reopened = new History({ dir, maxEntriesPerAccount: 5 });
    expect(reopened.list('acc').map((entry) => entry.id)).toEqual(ids.slice(3).reverse());
    expect(reopened.list('acc', { limit: 2 }).map((entry) => entry.id)).toEqual([ids[7], ids[6]]);
    expect(reopened.list('other')).toHaveLength(1);
    // Counters outlive the bounded entries.
    expect(reopened.tokenCallsToday('acc', BEFORE_MIDNIGHT)).toBe(8);
  });

  it('finds exchanges by rid, errcode, free text, and errors only', async () => {
    const { client, dir, fake } = await world();
    const history = new History({ dir });
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    fake.fail({ kind: 'errcode', errcode: 40164 });
    const whitelist = await client.stableToken({ appId: APP_ID, secret: CANARY });
    history.record('acc', whitelist, 'schedule');
    fake.fail({ kind: 'errcode', errcode: -1 });
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'retry');
    fake.fail({ kind: 'reset' });
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'retry');

    const rid = whitelist.outcome.kind === 'wechat-error' ? whitelist.outcome.rid! : '';
    expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(history.list('acc', { rid }).map((entry) => entry.id)).toEqual([whitelist.id]);
    expect(history.list('acc', { rid: rid.slice(9, 17).toUpperCase() }).map((entry) => entry.id)).toEqual([
      whitelist.id,
    ]);
    expect(history.list('acc', { errcode: 40164 }).map((entry) => entry.id)).toEqual([whitelist.id]);
    expect(history.list('acc', { query: '-1' })).toHaveLength(1);
    expect(history.list('acc', { query: rid })).toHaveLength(1);
    expect(history.list('acc', { query: '40001' })).toHaveLength(0);
    expect(history.list('acc', { errorsOnly: true })).toHaveLength(3);
    expect(history.list('acc')).toHaveLength(4);
  });

  it('counts token calls per WeChat day, which turns at 00:00 Beijing time', async () => {
    const { client, dir, setNow } = await world();
    const history = new History({ dir });
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    history.record('acc', await client.classicToken({ appId: APP_ID, secret: CANARY }), 'manual');
    setNow(BEFORE_MIDNIGHT + 59_999);
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY, forceRefresh: true }), 'force');
    setNow(BEFORE_MIDNIGHT + 60_000); // 00:00:00 Beijing, 16:00 UTC: a new WeChat day, still Nov 25 in UTC
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    history.record('acc', await client.checkToken({ accessToken: 'x' }), 'check');

    expect(wechatDay(BEFORE_MIDNIGHT)).toBe('2026-11-25');
    expect(wechatDay(BEFORE_MIDNIGHT + 60_000)).toBe('2026-11-26');
    expect(history.callsOn('acc', '2026-11-25')).toBe(3);
    expect(history.callsOn('acc', '2026-11-26')).toBe(1); // the check is not a token call
    expect(history.callsOn('acc', '2026-11-26', ['check-token'])).toBe(1);
    expect(history.tokenCallsToday('acc', BEFORE_MIDNIGHT + 60_000)).toBe(1);
  });

  it('notes a refreshed-elsewhere event and lists it with the errors', async () => {
    const { dir } = await world();
    const history = new History({ dir });
    history.recordRefreshedElsewhere('acc', { at: BEFORE_MIDNIGHT, detectedBy: 'report', errcode: 40001 });
    await history.flush();
    const [note] = new History({ dir }).list('acc', { errorsOnly: true });
    expect(note).toMatchObject({
      kind: 'refreshed-elsewhere',
      at: BEFORE_MIDNIGHT,
      detectedBy: 'report',
      errcode: 40001,
    });
    expect(new History({ dir }).list('acc', { errcode: 40001 })).toHaveLength(1);
  });

  it('moves an unreadable file aside and starts afresh; removes an account’s file', async () => {
    const { client, dir } = await world();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'acc.json'), '{"version":1,"entries":[');
    const history = new History({ dir });
    expect(history.list('acc')).toEqual([]);
    expect(fs.readdirSync(dir).some((name) => /^acc\.unreadable-\d+\.json$/.test(name))).toBe(true);

    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    await history.compact();
    expect(fs.existsSync(path.join(dir, 'acc.json'))).toBe(true);
    await history.removeAccount('acc');
    expect(fs.existsSync(path.join(dir, 'acc.json'))).toBe(false);
    expect(history.list('acc')).toEqual([]);
  });

  it('writes a burst of records once it pauses, bounded, all of them on disk after flush', async () => {
    const { client, dir } = await world();
    const history = new History({ dir });
    const exchange = await client.stableToken({ appId: APP_ID, secret: CANARY });
    for (let i = 0; i < 300; i += 1) history.record('acc', { ...exchange, id: `e${i}` }, 'schedule');
    await history.flush();
    // One append of the whole burst: on disk, and read back by the next process.
    const journalLines = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(journalLines).toHaveLength(300);
    const reopened = new History({ dir });
    expect(reopened.list('acc').map((entry) => entry.id)).toHaveLength(200);
    expect(reopened.list('acc')[0]!.id).toBe('e299');
    expect(reopened.callsOn('acc', '2026-11-25', ['stable-token'])).toBe(300);

    await history.compact();
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'acc.json'), 'utf8'));
    expect(file.entries).toHaveLength(200);
    expect(file.entries.at(-1).id).toBe('e299');
    expect(file.dailyCalls['2026-11-25']['stable-token']).toBe(300);
    expect(fs.existsSync(path.join(dir, 'journal.jsonl'))).toBe(false);
  });

  it('compacts the journal into the account files once it passes its size', async () => {
    const { client, dir } = await world();
    const history = new History({ dir, maxJournalBytes: 1 });
    const exchange = await client.stableToken({ appId: APP_ID, secret: CANARY });
    history.record('acc', exchange, 'schedule');
    await history.flush();
    expect(fs.readdirSync(dir)).toEqual(['acc.json']);
    expect(new History({ dir }).list('acc').map((entry) => entry.id)).toEqual([exchange.id]);
  });

  it('replays a journal left by a crash mid-compaction without doubling entries or counts', async () => {
    const { client, dir } = await world();
    const history = new History({ dir });
    const first = await client.stableToken({ appId: APP_ID, secret: CANARY });
    history.record('acc', first, 'schedule');
    history.record('acc', { ...first, id: 'second' }, 'schedule');
    await history.flush();
    const journal = fs.readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');
    await history.compact();
    // The crash: the account file was written, the journal not yet emptied — and a torn line after it.
    fs.writeFileSync(path.join(dir, 'journal.jsonl'), `${journal}{"accountId":"acc","entry":{"id":"thi`);

    const reopened = new History({ dir });
    expect(reopened.list('acc').map((entry) => entry.id)).toEqual(['second', first.id]);
    expect(reopened.callsOn('acc', '2026-11-25', ['stable-token'])).toBe(2);
  });

  it('returns from flush when the disk refuses the write, keeping the entries in memory', async () => {
    const { client, dir } = await world();
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.writeFileSync(dir, 'a file where the history folder should be');
    const history = new History({ dir });
    const exchange = await client.stableToken({ appId: APP_ID, secret: CANARY });
    history.record('acc', exchange, 'schedule');
    await history.flush();
    await history.compact();
    expect(history.lastWriteError).toBeDefined();
    expect(history.list('acc').map((entry) => entry.id)).toEqual([exchange.id]);
  });

  it('keeps a removed account removed when only the journal held its entries', async () => {
    const { client, dir } = await world();
    const history = new History({ dir });
    history.record('acc', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    history.record('other', await client.stableToken({ appId: APP_ID, secret: CANARY }), 'schedule');
    await history.flush();
    await history.removeAccount('acc');

    const reopened = new History({ dir });
    expect(reopened.list('acc')).toEqual([]);
    expect(reopened.list('other')).toHaveLength(1);
  });
});
