// `tokendesk`: the CLI. Plain Node over the same electron/core the app runs (never Electron). Results go to stdout,
// everything meant for a person to stderr, so `TOKEN=$(tokendesk token shop)` captures exactly the token.
import { formatCoreMessage } from '../core/i18n/core-messages';
import { UserError } from '../core/user-error';
import { VaultUnavailableError } from '../core/vault/vault';
import { CliContext, type CliIo } from './cli-context';
import { accountsCommand } from './commands/accounts';
import { callCommand, ipCommand, signCommand, ticketCommand } from './commands/api-tools';
import { checkCommand, quotaCommand } from './commands/check';
import { endpointCommand } from './commands/endpoint';
import { postmanEnvCommand } from './commands/postman-env';
import { publishCommand } from './commands/publish';
import { serveCommand } from './commands/serve';
import { tokenCommand } from './commands/token';
import { CliError, ExitCode, exitCodeFor, type ExitCodeValue } from './exit-codes';
import { cliLocale, type CliLocale } from './explain-error';
import { terminalSafe } from './terminal-text';
import { CLI_TEXT, usage } from './usage';

type Command = (context: CliContext, args: string[]) => Promise<void | ExitCodeValue>;

const COMMANDS: Record<string, Command> = {
  accounts: accountsCommand,
  token: tokenCommand,
  check: checkCommand,
  quota: quotaCommand,
  serve: serveCommand,
  endpoint: endpointCommand,
  'postman-env': postmanEnvCommand,
  call: callCommand,
  ip: ipCommand,
  ticket: ticketCommand,
  sign: signCommand,
  publish: publishCommand,
};

export async function runCli(argv: string[], io: CliIo): Promise<ExitCodeValue> {
  const [name, ...args] = argv;
  const locale = cliLocale(io.env);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io[name ? 'stdout' : 'stderr'].write(`${usage(locale)}\n`);
    return name ? ExitCode.ok : ExitCode.usage;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`${CLI_TEXT[locale].unknownCommand(name)}\n\n${usage(locale)}\n`);
    return ExitCode.usage;
  }
  const context = new CliContext(io);
  try {
    return (await command(context, args)) ?? ExitCode.ok;
  } catch (error) {
    return reportError(error, io, locale);
  } finally {
    await context.flush();
  }
}

function reportError(error: unknown, io: CliIo, locale: CliLocale): ExitCodeValue {
  const text = CLI_TEXT[locale];
  if (error instanceof CliError) {
    // Messages may quote upstream text (WeChat's errmsg via the refresher, a network error): never raw to a terminal.
    io.stderr.write(`${terminalSafe(error.message, { multiline: true })}\n`);
    if (error.exitCode === ExitCode.usage) io.stderr.write(`${text.seeHelp}\n`);
    return error.exitCode;
  }
  // A refusal from the core that no command turned into a CliError: its catalogue code decides the exit code.
  if (error instanceof UserError) {
    io.stderr.write(`${terminalSafe(formatCoreMessage(error.coreMessage, locale), { multiline: true })}\n`);
    return exitCodeFor(error.code);
  }
  if (error instanceof VaultUnavailableError) {
    io.stderr.write(`${terminalSafe(error.message, { multiline: true })}\n`);
    return ExitCode.keychain;
  }
  // parseArgs' own errors (unknown option, missing value) are usage errors.
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`${error.message}\n${text.seeHelp}\n`);
    return ExitCode.usage;
  }
  io.stderr.write(
    `${text.internalError} ${terminalSafe(error instanceof Error ? (error.stack ?? error.message) : String(error), { multiline: true })}\n`,
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
