// `tokendesk`: the CLI. Plain Node over the same electron/core the app runs (never Electron). Results go to stdout,
// everything meant for a person to stderr, so `TOKEN=$(tokendesk token shop)` captures exactly the token.
import { VaultUnavailableError } from '../core/vault/vault';
import { CliContext, type CliIo } from './cli-context';
import { accountsCommand } from './commands/accounts';
import { checkCommand, quotaCommand } from './commands/check';
import { endpointCommand } from './commands/endpoint';
import { postmanEnvCommand } from './commands/postman-env';
import { serveCommand } from './commands/serve';
import { tokenCommand } from './commands/token';
import { CliError, ExitCode, type ExitCodeValue } from './exit-codes';
import { USAGE } from './usage';

type Command = (context: CliContext, args: string[]) => Promise<void | ExitCodeValue>;

const COMMANDS: Record<string, Command> = {
  accounts: accountsCommand,
  token: tokenCommand,
  check: checkCommand,
  quota: quotaCommand,
  serve: serveCommand,
  endpoint: endpointCommand,
  'postman-env': postmanEnvCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<ExitCodeValue> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io[name ? 'stdout' : 'stderr'].write(`${USAGE}\n`);
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`Unknown command "${name}".\n\n${USAGE}\n`);
    return ExitCode.usage;
  }
  const context = new CliContext(io);
  try {
    return (await command(context, args)) ?? ExitCode.ok;
  } catch (error) {
    return reportError(error, io);
  } finally {
    await context.flush();
  }
}

function reportError(error: unknown, io: CliIo): ExitCodeValue {
  if (error instanceof CliError) {
    io.stderr.write(`${error.message}\n`);
    if (error.exitCode === ExitCode.usage) io.stderr.write('Run `tokendesk --help` for usage.\n');
    return error.exitCode;
  }
  if (error instanceof VaultUnavailableError) {
    io.stderr.write(`${error.message}\n`);
    return ExitCode.keychain;
  }
  // parseArgs' own errors (unknown option, missing value) are usage errors.
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`${error.message}\nRun \`tokendesk --help\` for usage.\n`);
    return ExitCode.usage;
  }
  io.stderr.write(
    `TokenDesk hit an internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return ExitCode.internal;
}

// Not process.exit(): stdout may still be draining into a pipe. `serve` stays alive through its servers.
process.exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
