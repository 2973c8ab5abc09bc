import type { Account } from '../../../electron/core/accounts/account-schema';
import { apiBaseFor } from '../../../electron/core/console/api-base';
import { ApiConsole } from '../../../electron/core/console/api-console';
import type { GatewaySend } from '../../../electron/core/console/token-retry';
import { IpProbe } from '../../../electron/core/ip-probe/ip-probe';
import { IpSightings } from '../../../electron/core/ip-probe/ip-sightings';
import { TicketService } from '../../../electron/core/jssdk/ticket-service';
import type { TransportOptions } from '../../../electron/core/wechat/exchange';
import { EngineWorld, type WorldAccount } from '../engine/engine-world';

/**
 * The API console, the ticket service and the IP probe as the core wires them, over the engine world: the real engine,
 * history files and client against the fake WeChat server, one fake clock for both.
 */
export async function consoleWorld(dataDir: string) {
  const world = await EngineWorld.create(dataDir);
  const transport: TransportOptions = { fetch: globalThis.fetch, timeoutMs: 10_000, now: world.clock.now };
  // As the core wires it: the account's own base wins over the host's (here the fake's).
  const apiBase = (account: Account) => apiBaseFor(account, world.fake.url);
  const send: GatewaySend = (account, call, run) =>
    world.engine.gateway.send({ accountId: account.id, appId: account.appId, call, trigger: 'manual' }, run);
  const sightings = IpSightings.inDataDir(dataDir);
  const parts = {
    world,
    sightings,
    console: new ApiConsole({ tokens: world.engine, transport, apiBase, send }),
    tickets: new TicketService({ tokens: world.engine, transport, apiBase, send }),
    ipProbe: new IpProbe({ tokens: world.engine, client: world.client, transport, apiBase, send, sightings }),
    /** Adds an account (to the fake and TokenDesk) and returns it as stored. */
    async account(spec: WorldAccount): Promise<Account & { secret: string }> {
      const created = await world.addAccount(spec);
      return { ...world.accounts.get(created.id)!, secret: created.secret };
    },
  };
  await world.start();
  return parts;
}
