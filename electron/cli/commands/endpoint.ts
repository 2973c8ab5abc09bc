import { parseArgs } from 'node:util';
import { ensureEndpointKey, rotateEndpointKey } from '../../core/endpoint/local-key';
import { DEFAULT_ENDPOINT_PORT } from '../../core/endpoint/local-endpoint';
import { whoRefreshes } from '../../core/host/host';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';

/**
 * `tokendesk endpoint [--show-key | --rotate-key]`: who serves the endpoint now, and (last line, alone) the key, so
 * `KEY=$(tokendesk endpoint --show-key | tail -1)` works.
 */
export async function endpointCommand(context: CliContext, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { 'show-key': { type: 'boolean', default: false }, 'rotate-key': { type: 'boolean', default: false } },
    strict: true,
  });
  if (values['show-key'] && values['rotate-key'])
    throw new CliError(ExitCode.usage, 'Use --show-key or --rotate-key, not both.');
  const running = await whoRefreshes(context.dataDir);
  const { stdout } = context.io;
  if (!running)
    stdout.write(
      `Not running. Start it with \`tokendesk serve\` (port ${DEFAULT_ENDPOINT_PORT}), or turn it on in the app's Settings.\n`,
    );
  else if (running.endpointPort === null)
    stdout.write(`The TokenDesk ${running.kind} runs (pid ${running.pid}) with its endpoint off.\n`);
  else
    stdout.write(
      `Serving on http://127.0.0.1:${running.endpointPort} (TokenDesk ${running.kind}, pid ${running.pid}).\n`,
    );
  if (values['rotate-key']) {
    const key = await rotateEndpointKey(context.vault);
    if (running?.endpointPort)
      stdout.write(
        'The running endpoint takes the new key from the keychain on its next request; the old key no longer works.\n',
      );
    stdout.write(`${key}\n`);
  } else if (values['show-key']) {
    stdout.write(`${await ensureEndpointKey(context.vault)}\n`);
  }
}
