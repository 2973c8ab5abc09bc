import { afterEach, describe, expect, it } from 'vitest';
import { TicketFetchError } from '../../../electron/core/jssdk/ticket-service';
import { UserError } from '../../../electron/core/user-error';
import { useTempDirs } from '../../support/temp-dir';
import { consoleWorld } from '../console/console-world';

const MINUTE = 60_000;

describe('JS-SDK tickets', () => {
  const tempDir = useTempDirs();
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });
  async function setup() {
    const parts = await consoleWorld(tempDir());
    closers.push(() => parts.world.close());
    return parts;
  }

  it('fetches a jsapi ticket once, serves it from the cache, renews it within the last 5 minutes', async () => {
    const { tickets, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    const [first, joined] = await Promise.all([tickets.get(shop, 'jsapi'), tickets.get(shop, 'jsapi')]);
    expect(first.exchange?.outcome).toEqual({ kind: 'ok' });
    expect(joined.ticket).toEqual(first.ticket);
    expect(first.ticket).toMatchObject({ type: 'jsapi', expiresAt: world.clock.now() + 7200_000 });
    const cached = await tickets.get(shop, 'jsapi');
    expect(cached).toEqual({ ticket: first.ticket });
    expect(world.fake.calls('ticket', shop.appId)).toBe(1);
    expect(tickets.list(shop.id)).toEqual([first.ticket]);

    await world.advance(7200_000 - 5 * MINUTE);
    const renewed = await tickets.get(shop, 'jsapi');
    expect(renewed.exchange).toBeDefined();
    expect(world.fake.calls('ticket', shop.appId)).toBe(2);
    await world.advance(6 * MINUTE);
    expect((await tickets.get(shop, 'jsapi')).ticket.ticket).not.toBe(first.ticket.ticket);
  });

  it('keeps wx_card apart, refuses WeCom types for an Official Account, and keeps tickets out of the history file', async () => {
    const { tickets, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    const jsapi = await tickets.get(shop, 'jsapi');
    const card = await tickets.get(shop, 'wx_card');
    expect(card.ticket.ticket).not.toBe(jsapi.ticket.ticket);
    expect(() => tickets.get(shop, 'wecom-agent')).toThrow(UserError);
    const history = JSON.stringify(world.history.list(shop.id));
    expect(history).toContain('"call":"ticket"');
    expect(history).not.toContain(jsapi.ticket.ticket);
    expect(history).not.toContain(card.ticket.ticket);
  });

  it('WeCom: the corp ticket and the app’s agent_config ticket', async () => {
    const { tickets, world, account } = await setup();
    const corp = await account({ label: 'corp', kind: 'wecom' });
    const corpTicket = await tickets.get(corp, 'wecom-corp');
    const agentTicket = await tickets.get(corp, 'wecom-agent');
    expect(corpTicket.exchange?.request.url).toBe(`${world.fake.url}/cgi-bin/get_jsapi_ticket?access_token=***`);
    expect(agentTicket.exchange?.request.url).toBe(
      `${world.fake.url}/cgi-bin/ticket/get?access_token=***&type=agent_config`,
    );
    expect(agentTicket.ticket.ticket).not.toBe(corpTicket.ticket.ticket);
  });

  it('a refusal is an error carrying WeChat’s exchange; a dead token is renewed and the fetch retried once', async () => {
    const { tickets, world, account } = await setup();
    const shop = await account({ label: 'shop' });
    world.fake.fail({ kind: 'errcode', errcode: 45009 }, { endpoint: 'ticket' });
    const failure = await tickets.get(shop, 'jsapi').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TicketFetchError);
    expect((failure as TicketFetchError).exchange.outcome).toMatchObject({ errcode: 45009 });

    // Another party force-refreshes the stable token: ours is dead at once (40001).
    await fetch(`${world.fake.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: shop.appId,
        secret: shop.secret,
        force_refresh: true,
      }),
    });
    const retried = await tickets.get(shop, 'jsapi');
    expect(retried.exchange?.outcome).toEqual({ kind: 'ok' });
    expect(world.fake.calls('ticket', shop.appId)).toBe(3);
    const outcomes = world.history
      .list(shop.id)
      .flatMap((entry) =>
        entry.kind === 'exchange' && entry.exchange.call === 'ticket' ? [entry.exchange.outcome] : [],
      );
    expect(outcomes.map((outcome) => (outcome.kind === 'wechat-error' ? outcome.errcode : outcome.kind))).toEqual([
      'ok',
      40001,
      45009,
    ]);
  });
});
