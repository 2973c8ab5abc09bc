import { afterEach, describe, expect, it } from 'vitest';
import { IpSightings } from '../../../electron/core/ip-probe/ip-sightings';
import { useTempDirs } from '../../support/temp-dir';
import { consoleWorld } from '../console/console-world';

describe('what IP does WeChat see', () => {
  const tempDir = useTempDirs();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  async function setup() {
    const dir = tempDir();
    const parts = await consoleWorld(dir);
    closers.push(() => parts.world.close());
    return { ...parts, dir };
  }

  it('provokes a harmless error, looks its rid up and reads client_ip; says when the IP changed', async () => {
    const { ipProbe, world, account, sightings, dir } = await setup();
    const shop = await account({ label: 'shop' });
    world.fake.setClientIp('::ffff:203.0.113.7');
    const first = await ipProbe.probe(shop);
    expect(first).toMatchObject({ ip: '203.0.113.7', rawIp: '::ffff:203.0.113.7', via: 'rid-lookup' });
    expect(first.changedFrom).toBeUndefined();
    expect(first.exchanges.map((exchange) => exchange.call)).toEqual(['ip-probe', 'rid-get']);
    expect(first.exchanges[0]!.outcome).toMatchObject({ errcode: 76021 });
    expect(first.exchanges[0]!.request.url).toBe(`${world.fake.url}/cgi-bin/openapi/quota/get?access_token=***`);

    world.fake.setClientIp('198.51.100.2');
    await world.advance(60_000);
    const second = await ipProbe.probe(shop);
    expect(second).toMatchObject({ ip: '198.51.100.2', changedFrom: '203.0.113.7' });
    expect(second.rawIp).toBeUndefined();
    expect(second.sightings.map((sighting) => sighting.ip)).toEqual(['198.51.100.2', '203.0.113.7']);
    expect((await ipProbe.probe(shop)).changedFrom).toBeUndefined();

    // Kept on disk for the next process.
    await sightings.flush();
    expect(
      IpSightings.inDataDir(dir)
        .list(shop.id)
        .map((sighting) => sighting.ip),
    ).toEqual(['198.51.100.2', '198.51.100.2', '203.0.113.7']);
  });

  it('an IPv6 caller is reported as such', async () => {
    const { ipProbe, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    world.fake.setClientIp('2001:db8::7');
    expect(await ipProbe.probe(shop)).toMatchObject({ ip: '2001:db8::7', via: 'rid-lookup' });
  });

  it('outside the whitelist, the 40164 of the probe names the IP', async () => {
    const { ipProbe, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    await world.engine.getToken(shop.id);
    world.fake.setWhitelist(shop.appId, ['10.0.0.1']);
    world.fake.setClientIp('203.0.113.9');
    const result = await ipProbe.probe(shop);
    expect(result).toMatchObject({ ip: '203.0.113.9', via: 'whitelist-error' });
    expect(result.exchanges.map((exchange) => exchange.call)).toEqual(['ip-probe']);
  });

  it('WeCom: the `from ip:` of a harmless error', async () => {
    const { ipProbe, world, account } = await setup();
    const corp = await account({ label: 'corp', kind: 'wecom' });
    world.fake.setClientIp('203.0.113.50');
    const result = await ipProbe.probe(corp);
    expect(result).toMatchObject({ ip: '203.0.113.50', via: 'wecom-errmsg' });
    expect(result.exchanges[0]!.outcome).toMatchObject({ errcode: 41009 });
  });
});
