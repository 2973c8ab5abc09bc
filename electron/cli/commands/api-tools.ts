/**
 * `tokendesk call | ip | ticket | sign`: the desk's API console, IP probe and JS-SDK tools on the command line. They
 * run in the refresher (the running app or `serve`, else this command's own core) through the host's handlers, so
 * the token, its passive refresh and the history are the refresher's — the same path the desk takes.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Account } from '../../core/accounts/account-schema';
import { CONSOLE_METHODS, SIGNING_TICKET_TYPES, type TicketType } from '../../core/contract/api-tools-views';
import type { Exchange } from '../../core/wechat/types';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { outcomeError } from '../explain-error';
import { terminalSafe } from '../terminal-text';

const familyOf = (account: Account) => (account.kind === 'wecom' ? 'wecom' : 'wechat');

/** An exchange that did not succeed ends the command with WeChat's error explained (exit 4), or 5 for the network. */
function failure(context: CliContext, account: Account, exchange: Exchange): CliError | undefined {
  return exchange.outcome.kind === 'ok'
    ? undefined
    : outcomeError(exchange.outcome, familyOf(account), 'use', context.locale);
}

/**
 * `tokendesk call <label> <METHOD> <path> [--query k=v …] [--data JSON|@file] [--json]`: the response body on stdout
 * (an image as its bytes: redirect it to a file), exit 4 when WeChat answered with an errcode.
 */
export async function callCommand(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      query: { type: 'string', multiple: true, default: [] },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 3)
    throw new CliError(ExitCode.usage, 'call needs a label or AppID, a method (GET or POST) and an API path.');
  const [alias, methodText, path] = positionals as [string, string, string];
  const method = CONSOLE_METHODS.find((candidate) => candidate === methodText.toUpperCase());
  if (!method) throw new CliError(ExitCode.usage, `The method must be GET or POST, not "${methodText}".`);
  const query = values.query.map((pair): [string, string] => {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new CliError(ExitCode.usage, `--query takes key=value, not "${pair}".`);
    return [pair.slice(0, equals), pair.slice(equals + 1)];
  });
  const body = values.data === undefined ? undefined : readData(values.data);
  const account = context.account(alias);
  const result = await (
    await context.host()
  ).handlers.callApi(account.id, {
    method,
    path,
    ...(query.length > 0 ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
  });
  const { exchange, refused, binaryBase64 } = result;
  if (refused)
    context.io.stderr.write('WeChat refused the token; TokenDesk renewed it (passive refresh) and retried once.\n');
  if (values.json) {
    context.io.stdout.write(
      `${JSON.stringify(
        {
          request: exchange.request,
          status: exchange.status ?? null,
          latency_ms: exchange.latencyMs,
          ...(exchange.result ? { content_type: exchange.result.contentType, body_base64: binaryBase64 } : {}),
          ...(exchange.json !== undefined
            ? { body: exchange.json }
            : exchange.result
              ? {}
              : { body_text: exchange.bodyText ?? null }),
          outcome: exchange.outcome,
          retried: refused !== undefined,
        },
        null,
        2,
      )}\n`,
    );
  } else if (binaryBase64 !== undefined) {
    const stdout = context.io.stdout as NodeJS.WritableStream & { isTTY?: boolean };
    if (stdout.isTTY) {
      context.io.stderr.write(
        `The answer is ${exchange.result?.contentType} (${exchange.result?.byteLength} bytes): redirect it to a file, e.g. > code.jpg\n`,
      );
    } else {
      stdout.write(Buffer.from(binaryBase64, 'base64'));
    }
  } else if (exchange.bodyText !== undefined) {
    context.io.stdout.write(exchange.bodyText.endsWith('\n') ? exchange.bodyText : `${exchange.bodyText}\n`);
  }
  const refusal = failure(context, account, exchange);
  if (refusal) throw refusal;
}

/** `--data '{"a":1}'` or `--data @body.json`. */
function readData(data: string): string {
  if (!data.startsWith('@')) return data;
  const file = data.slice(1);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      ExitCode.usage,
      `--data ${data}: the file can't be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}

function oneAlias(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new CliError(ExitCode.usage, `${command} needs one label or AppID.`);
  return positionals[0]!;
}

/** `tokendesk ip <label> [--json]`: the IP WeChat sees this machine's calls come from. */
export async function ipCommand(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const account = context.account(oneAlias(positionals, 'ip'));
  const result = await (await context.host()).handlers.probeIp(account.id);
  if (!result.ip) {
    const last = result.exchanges.at(-1);
    throw (
      (last && failure(context, account, last)) ??
      new CliError(ExitCode.network, 'WeChat’s answers did not name the IP it saw (no rid came back).')
    );
  }
  if (values.json) {
    context.io.stdout.write(
      `${JSON.stringify({ ip: result.ip, raw_ip: result.rawIp ?? result.ip, via: result.via, changed_from: result.changedFrom ?? null, sightings: result.sightings }, null, 2)}\n`,
    );
    return;
  }
  context.io.stdout.write(`${result.ip}\n`);
  if (result.changedFrom) {
    context.io.stderr.write(
      `The IP changed: the previous probe saw ${terminalSafe(result.changedFrom)}. Whitelists that list only the old one will refuse calls (40164).\n`,
    );
  }
}

/** `tokendesk ticket <label> [--type jsapi|wx_card|wecom-corp|wecom-agent] [--json]`: a JS-SDK ticket. */
export async function ticketCommand(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { type: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const account = context.account(oneAlias(positionals, 'ticket'));
  const types: readonly TicketType[] = account.kind === 'wecom' ? ['wecom-corp', 'wecom-agent'] : ['jsapi', 'wx_card'];
  const type = (values.type ?? types[0]) as TicketType;
  if (!types.includes(type))
    throw new CliError(ExitCode.usage, `--type for ${account.label} is one of ${types.join(', ')}, not "${type}".`);
  const view = await (await context.host()).handlers.getTicket(account.id, type, false);
  if (!view.ticket) throw failure(context, account, view.exchange!) ?? new CliError(ExitCode.network, 'No ticket.');
  if (values.json) {
    const { ticket, expiresAt } = view.ticket;
    context.io.stdout.write(
      `${JSON.stringify({ ticket, type, expires_in: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)), expires_at: new Date(expiresAt).toISOString() }, null, 2)}\n`,
    );
  } else {
    context.io.stdout.write(`${view.ticket.ticket}\n`);
  }
}

/** `tokendesk sign <label> --url URL [--noncestr S] [--timestamp T] [--type …] [--json]`: the JS-SDK signature. */
export async function signCommand(context: CliContext, args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      url: { type: 'string' },
      noncestr: { type: 'string' },
      timestamp: { type: 'string' },
      type: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  const account = context.account(oneAlias(positionals, 'sign'));
  if (!values.url) throw new CliError(ExitCode.usage, 'sign needs --url: the page that calls wx.config.');
  const timestamp = values.timestamp === undefined ? undefined : Number(values.timestamp);
  if (timestamp !== undefined && !(Number.isInteger(timestamp) && timestamp >= 0))
    throw new CliError(ExitCode.usage, `--timestamp takes Unix seconds, not "${values.timestamp}".`);
  const type = values.type as (typeof SIGNING_TICKET_TYPES)[number] | undefined;
  if (type !== undefined && !SIGNING_TICKET_TYPES.includes(type))
    throw new CliError(ExitCode.usage, `--type is one of ${SIGNING_TICKET_TYPES.join(', ')}.`);
  const view = await (
    await context.host()
  ).handlers.signJsSdk(account.id, {
    url: values.url,
    ...(values.noncestr ? { nonceStr: values.noncestr } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(type ? { type } : {}),
  });
  if (!view.signed) throw failure(context, account, view.exchange!) ?? new CliError(ExitCode.network, 'No ticket.');
  const { jsapiTicket, nonceStr, timestamp: signedAt, url, signature } = view.signed;
  if (values.json) {
    context.io.stdout.write(
      `${JSON.stringify({ jsapi_ticket: jsapiTicket, noncestr: nonceStr, timestamp: signedAt, url, signature }, null, 2)}\n`,
    );
  } else {
    context.io.stdout.write(`${signature}\n`);
    context.io.stderr.write(`${view.snippet}\n`);
  }
}
