import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RefresherBusyError, RefresherLock } from '../../../electron/core/refresher/refresher-lock';
import { useTempDirs } from '../../support/temp-dir';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('RefresherLock', () => {
  const tempDir = useTempDirs();

  it('records the refresher, and a second process sees it and cannot claim the role', async () => {
    const dataDir = tempDir();
    const app = new RefresherLock(dataDir, { pid: 1001, isAlive: () => true });
    const cli = new RefresherLock(dataDir, { pid: 1002, isAlive: () => true });
    const claim = await app.claim('app', null);
    expect(cli.running()).toMatchObject({ pid: 1001, kind: 'app', port: null });
    await claim.setPort(17878);
    expect(cli.running()).toMatchObject({ pid: 1001, port: 17878 });
    await expect(cli.claim('serve', 1234)).rejects.toBeInstanceOf(RefresherBusyError);
    await claim.release();
    expect(cli.running()).toBeUndefined();
    expect(fs.existsSync(app.recordFile)).toBe(false);
  });

  it('takes over a record left by a dead process', async () => {
    const dataDir = tempDir();
    const crashed = new RefresherLock(dataDir, { pid: deadPid() });
    await crashed.claim('serve', 4321);
    const next = new RefresherLock(dataDir);
    expect(next.running()).toBeUndefined();
    const claim = await next.claim('serve', 5555);
    expect(JSON.parse(fs.readFileSync(next.recordFile, 'utf8'))).toMatchObject({ pid: process.pid, port: 5555 });
    await claim.release();
  });

  it('runs one fetch at a time when no refresher runs', async () => {
    const dataDir = tempDir();
    const inside: string[] = [];
    let overlapping = false;
    const fetcher = (name: string) =>
      new RefresherLock(dataDir, { pid: name === 'a' ? 2001 : 2002 }).fetchUnlessRefresher(async () => {
        if (inside.length > 0) overlapping = true;
        inside.push(name);
        await new Promise((resolve) => setImmediate(resolve));
        inside.pop();
        return name;
      });
    const results = await Promise.all([fetcher('a'), fetcher('b')]);
    expect(results).toEqual([
      { ran: true, value: 'a' },
      { ran: true, value: 'b' },
    ]);
    expect(overlapping).toBe(false);
  });

  it('does not fetch while a refresher runs, and says which', async () => {
    const dataDir = tempDir();
    const claim = await new RefresherLock(dataDir, { pid: 3001, isAlive: () => true }).claim('serve', 17999);
    let fetched = false;
    const outcome = await new RefresherLock(dataDir, { pid: 3002, isAlive: () => true }).fetchUnlessRefresher(
      async () => {
        fetched = true;
      },
    );
    expect(fetched).toBe(false);
    expect(outcome).toMatchObject({ ran: false, running: { pid: 3001, port: 17999 } });
    await claim.release();
  });

  it('drops only the exact record found unreachable', async () => {
    const dataDir = tempDir();
    const lock = new RefresherLock(dataDir, { pid: 4001, isAlive: () => true });
    await lock.claim('serve', 17001);
    const cli = new RefresherLock(dataDir, { pid: 4002, isAlive: () => true });
    const seen = cli.running()!;
    await cli.dropUnreachable({ ...seen, startedAt: seen.startedAt - 1 });
    expect(cli.running()).toBeDefined();
    await cli.dropUnreachable(seen);
    expect(cli.running()).toBeUndefined();
  });

  it('ignores a record that is not valid JSON', async () => {
    const dataDir = tempDir();
    const lock = new RefresherLock(dataDir);
    fs.writeFileSync(lock.recordFile, '{"pid": ');
    expect(lock.running()).toBeUndefined();
    const claim = await lock.claim('app', null);
    await claim.release();
  });
});
