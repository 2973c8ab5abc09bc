import { parseArgs } from 'node:util';
import { createHost, type HostRole } from '../../core/host/host';
import { DEFAULT_ENDPOINT_PORT } from '../../core/endpoint/local-endpoint';
import { formatCoreMessage } from '../../core/i18n/core-messages';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';

/**
 * `tokendesk serve [--port N]`: the headless refresher (a dev box, CI). Runs the same host as the app: the refresher
 * for the data dir with background refresh and the local endpoint pinned on (Settings untouched), or — when the app or
 * a preview already refreshes — a follower that takes over the moment that one exits. Prints the endpoint's URL
 * alone on stdout once it serves, and logs each request (redacted) to stderr. SIGINT / SIGTERM stop it cleanly.
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

  const { io } = context;
  const base = context.hostOptions();
  let announced = false;
  const host = await createHost({
    ...base,
    kind: 'serve',
    appInfo: { ...base.appInfo, runtime: 'serve' },
    serveEndpoint: {
      port,
      onRequest: (record) =>
        io.stderr.write(
          `${new Date(record.at).toISOString()} ${record.method} ${record.path} → ${record.status}${record.errcode ? ` errcode ${record.errcode}` : ''} (${record.count ? `×${record.count} in ${record.lastAt! - record.at} ms, slowest ` : ''}${record.latencyMs} ms)\n`,
        ),
    },
    onRoleChange: (role: HostRole, refresher) => {
      if (role === 'follower') {
        io.stderr.write(
          `The TokenDesk ${refresher.kind} (pid ${refresher.pid}) refreshes tokens for this data dir; serve waits and takes over when it stops.\n`,
        );
        return;
      }
      // The endpoint is reported once the core has started it (see below).
      if (announced) io.stderr.write('Took over as the refresher for this data dir.\n');
    },
  });

  const announce = async () => {
    const core = host.localCore;
    if (!core || announced) return;
    announced = true;
    const status = await core.handlers.getEndpointStatus();
    if (!status.listening) {
      if (status.problem) throw new CliError(ExitCode.usage, formatCoreMessage(status.problem, context.locale));
      throw new CliError(ExitCode.usage, `The local endpoint could not listen on port ${port}.`);
    }
    io.stdout.write(`http://127.0.0.1:${status.port}\n`);
    io.stderr.write(
      `TokenDesk serves ${core.services.accounts.list().length} account(s) on ${status.addresses.join(' and ')} port ${status.port}. Ctrl+C stops it.\n`,
    );
  };

  try {
    await announce();
    // A follower announces when it takes over.
    const stopWatching = host.events.on('endpointChanged', () => void announce().catch(() => undefined));
    // process.on, not once: signal-exit (loaded by proper-lockfile and conf's writers) re-kills the process when it
    // sees no other listener left, and a `once` listener is gone by the time it looks.
    await new Promise<void>((resolve) => {
      process.on('SIGINT', () => resolve());
      process.on('SIGTERM', () => resolve());
    });
    stopWatching();
  } finally {
    await host.dispose();
  }
}
