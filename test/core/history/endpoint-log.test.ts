import { describe, expect, it } from 'vitest';
import type { EndpointRequestRecord } from '../../../electron/core/endpoint/token-source';
import { History } from '../../../electron/core/history/history';
import { ENDPOINT_LOG } from '../../../electron/core/history/history-entry';
import type { Exchange } from '../../../electron/core/wechat/types';
import { useTempDirs } from '../../support/temp-dir';

const ACCOUNT = '0b6c3d0e-5d7a-4b0e-9b1f-1f2e3d4c5b6a';

function request(at: number, status = 200, errcode?: number): EndpointRequestRecord {
  return {
    at,
    method: 'GET',
    path: '/v1/tokens/shop',
    route: 'v1-token',
    status,
    accountId: ACCOUNT,
    latencyMs: 1,
    ...(errcode ? { errcode } : {}),
  };
}

function exchange(at: number): Exchange {
  return {
    id: `x-${at}`,
    call: 'stable-token',
    request: { method: 'POST', url: 'http://127.0.0.1:1/cgi-bin/stable_token' },
    status: 200,
    bodyText: '{"access_token":"T","expires_in":7200}',
    startedAt: at,
    finishedAt: at + 1,
    latencyMs: 1,
    outcome: { kind: 'ok' },
  };
}

describe('the local endpoint’s request log', () => {
  const tempDir = useTempDirs();

  it('keeps requests in a log of their own, so a burst never evicts an account’s exchanges', async () => {
    const dir = tempDir();
    const history = new History({ dir, maxEntriesPerAccount: 10 });
    history.record(ACCOUNT, exchange(1), 'demand');
    for (let at = 2; at < 40; at++) history.recordEndpointRequest(request(at));
    expect(history.list(ACCOUNT).map((entry) => entry.kind)).toEqual(['exchange']);
    expect(history.endpointRequests(100)).toHaveLength(10);
    expect(history.endpointRequests(3).map((record) => record.at)).toEqual([39, 38, 37]);
    await history.flush();

    const reopened = new History({ dir, maxEntriesPerAccount: 10 });
    expect(reopened.endpointRequests(1)[0]).toMatchObject({ at: 39, path: '/v1/tokens/shop', status: 200 });
  });

  it('counts refused requests as errors', () => {
    const history = new History({ dir: tempDir() });
    history.recordEndpointRequest(request(1));
    history.recordEndpointRequest(request(2, 401));
    history.recordEndpointRequest(request(3, 200, 40125));
    const errors = history.list(ENDPOINT_LOG, { errorsOnly: true });
    expect(errors.map((entry) => entry.at)).toEqual([3, 2]);
  });
});
