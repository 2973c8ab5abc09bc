import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoreServices } from '../../../electron/core/core-services';
import { EndpointController } from '../../../electron/core/endpoint/endpoint-controller';
import { EndpointRequestLog } from '../../../electron/core/endpoint/request-log';
import type { EndpointRequestRecord } from '../../../electron/core/endpoint/token-source';
import { History } from '../../../electron/core/history/history';
import { openNodeStore } from '../../../electron/core/store/node-store';
import { startFakeWeChat } from '../../fake-wechat/server';
import { MemoryVault } from '../../support/memory-vault';
import { useTempDirs } from '../../support/temp-dir';

function request(at: number, overrides: Partial<EndpointRequestRecord> = {}): EndpointRequestRecord {
  return {
    at,
    method: 'GET',
    path: '/v1/tokens/shop',
    route: 'v1-token',
    status: 200,
    accountId: 'acc-shop',
    latencyMs: 1,
    ...overrides,
  };
}

describe('the endpoint’s request log', () => {
  afterEach(() => vi.useRealTimers());

  it('folds alike requests of one second into one record with a count, written when the second is over', () => {
    vi.useFakeTimers();
    const written: EndpointRequestRecord[] = [];
    const log = new EndpointRequestLog({ write: (record) => written.push(record) });
    for (let at = 0; at < 1000; at++) log.add(request(at, { latencyMs: at === 500 ? 7 : 1 }));
    expect(written).toEqual([]);
    expect(log.pending()).toEqual([request(0, { count: 1000, lastAt: 999, latencyMs: 7 })]);
    vi.advanceTimersByTime(1000);
    expect(written).toEqual([request(0, { count: 1000, lastAt: 999, latencyMs: 7 })]);
    expect(log.pending()).toEqual([]);
  });

  it('keeps unlike requests apart, in order of arrival, even when two pollers interleave', () => {
    const written: EndpointRequestRecord[] = [];
    const log = new EndpointRequestLog({ write: (record) => written.push(record) });
    for (let at = 0; at < 10; at += 2) {
      log.add(request(at));
      log.add(request(at + 1, { path: '/v1/tokens/mini', accountId: 'acc-mini' }));
    }
    log.add(request(20, { status: 401, refused: 'unauthorized', accountId: undefined }));
    log.add(request(21, { status: 502, errcode: 40164 }));
    expect(log.pending().map((record) => [record.at, record.status, record.count])).toEqual([
      [21, 502, undefined],
      [20, 401, undefined],
      [1, 200, 5],
      [0, 200, 5],
    ]);
    log.flush();
    expect(written.map((record) => [record.path, record.status, record.count])).toEqual([
      ['/v1/tokens/shop', 200, 5],
      ['/v1/tokens/mini', 200, 5],
      ['/v1/tokens/shop', 401, undefined],
      ['/v1/tokens/shop', 502, undefined],
    ]);
  });

  it('closes a window early once it holds too many different records', () => {
    const written: EndpointRequestRecord[] = [];
    const log = new EndpointRequestLog({ write: (record) => written.push(record), maxRecords: 3 });
    for (let at = 0; at < 4; at++) log.add(request(at, { path: `/v1/tokens/${at}` }));
    expect(written.map((record) => record.at)).toEqual([0, 1, 2]);
    expect(log.pending().map((record) => record.at)).toEqual([3]);
  });

  describe('as the endpoint keeps it', () => {
    const tempDir = useTempDirs();
    const APP_ID = 'wx0123456789abcdef';
    const SECRET = '0123456789abcdef0123456789abcdef';

    it('shows a burst of polls as one record at once, and has it in the history on disk once the endpoint stops', async () => {
      const dataDir = tempDir();
      const fake = await startFakeWeChat({ accounts: [{ appId: APP_ID, secret: SECRET }] });
      const { accounts, engine, history, vault } = createCoreServices({
        dataDir,
        store: openNodeStore(dataDir).store,
        vault: new MemoryVault(),
        apiBase: fake.url,
      });
      const added = await accounts.add(
        { label: 'shop', kind: 'officialAccount', appId: APP_ID, environment: 'test' },
        SECRET,
      );
      if (!added.ok) throw new Error(JSON.stringify(added.problems));
      const controller = new EndpointController({ engine, accounts, vault, history, onChange: () => undefined });
      try {
        await controller.apply({ enabled: true, port: 0 });
        const url = `http://127.0.0.1:${controller.status().port}/v1/tokens/shop`;
        const key = await controller.key();
        for (let i = 0; i < 50; i++) {
          const answer = await fetch(url, { headers: { Authorization: `Bearer ${key}` } });
          expect(answer.status).toBe(200);
        }
        expect((await fetch(url)).status).toBe(401);

        const recent = controller.status().recentRequests;
        expect(recent.map((record) => [record.status, record.count])).toEqual([
          [401, undefined],
          [200, 50],
        ]);
        await controller.dispose();
        await history.flush();
        const reopened = new History({ dir: path.join(dataDir, 'history') });
        expect(reopened.endpointRequests(10).map((record) => [record.status, record.count])).toEqual([
          [401, undefined],
          [200, 50],
        ]);
      } finally {
        await controller.dispose();
        engine.dispose();
        await engine.settled();
        await fake.close();
      }
    });
  });
});
