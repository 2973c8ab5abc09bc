import { parseArgs } from 'node:util';
import { createEngineTokenSource } from '../../core/endpoint/engine-token-source';
import { DEFAULT_ENDPOINT_PORT, EndpointPortInUseError, startLocalEndpoint } from '../../core/endpoint/local-endpoint';
import { ensureEndpointKey } from '../../core/endpoint/local-key';
import { RefresherBusyError } from '../../core/refresher/refresher-lock';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';

/**
 * `tokendesk serve [--port N]`: the headless refresher (a dev box, CI). Claims the refresher role for the data dir,
 * starts the engine with background refresh and the local endpoint, prints the endpoint's URL alone on stdout, and
 * logs each request (redacted) to stderr. SIGINT / SIGTERM stop it cleanly.
 */
export async function serveCommand(context: CliContext, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { port: { type: 'string', default: String(DEFAULT_ENDPOINT_PORT) } },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(ExitCode.usage, `--port must be a whole number from 0 to 65535, not "${values.port}".`);

  let claim;
  try {
    claim = await context.refresher.claim('serve', null);
  } catch (error) {
    if (error instanceof RefresherBusyError) throw new CliError(ExitCode.refresher, error.message);
    throw error;
  }
  const { engine, io } = context;
  try {
    const localKey = await ensureEndpointKey(context.vault);
    await engine.start();
    const source = createEngineTokenSource({
      engine,
      accounts: context.accounts,
      vault: context.vault,
      localKey,
      recordRequest: (record) => {
        context.history.recordEndpointRequest(record);
        io.stderr.write(
          `${new Date(record.at).toISOString()} ${record.method} ${record.path} → ${record.status}${record.errcode ? ` errcode ${record.errcode}` : ''} (${record.latencyMs} ms)\n`,
        );
      },
    });
    const endpoint = await startLocalEndpoint({ source, port }).catch((error: unknown) => {
      if (error instanceof EndpointPortInUseError) throw new CliError(ExitCode.usage, error.message);
      throw error;
    });
    await claim.setPort(endpoint.port);
    for (const skipped of endpoint.skipped)
      io.stderr.write(`Not listening on ${skipped.address}: ${skipped.reason}.\n`);
    io.stdout.write(`http://127.0.0.1:${endpoint.port}\n`);
    io.stderr.write(
      `TokenDesk serves ${context.accounts.list().length} account(s) on ${endpoint.addresses.join(' and ')} port ${endpoint.port}. Ctrl+C stops it.\n`,
    );

    // process.on, not once: signal-exit (loaded by proper-lockfile and conf's writers) re-kills the process when it
    // sees no other listener left, and a `once` listener is gone by the time it looks.
    await new Promise<void>((resolve) => {
      process.on('SIGINT', () => resolve());
      process.on('SIGTERM', () => resolve());
    });
    await endpoint.close();
  } finally {
    engine.dispose();
    await claim.release();
  }
}
