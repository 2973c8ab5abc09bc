import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { z } from 'zod';
import { ACCOUNT_KINDS, ENVIRONMENTS, TOKEN_MODES, type AccountInput } from '../../core/accounts/account-schema';
import { formatCoreMessage } from '../../core/i18n/core-messages';
import type { CliContext } from '../cli-context';
import { CliError, ExitCode } from '../exit-codes';
import { readSecret } from '../read-secret';

/**
 * `tokendesk accounts import FILE|-` and `tokendesk accounts export [--format json|csv]`: many accounts at once.
 *
 * A file is JSON (an array of objects) or CSV (a header row), with `label`, `kind`, `app_id` (or `appId`), and
 * optionally `env` (`environment`), `mode` (`tokenMode`), `notes`. A `secret` column is read only from standard input
 * (`tokendesk accounts import - < accounts.csv`, or piped from a password manager): a secret in a file named on the
 * command line would sit on disk, so such a file is refused. Without a secret column, each secret is asked for at
 * the terminal. Export never writes secrets.
 */

const RowSchema = z
  .object({
    label: z.string(),
    kind: z.enum(ACCOUNT_KINDS),
    app_id: z.string().optional(),
    appId: z.string().optional(),
    env: z.enum(ENVIRONMENTS).optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
    mode: z.enum(TOKEN_MODES).optional(),
    tokenMode: z.enum(TOKEN_MODES).optional(),
    notes: z.string().optional(),
    secret: z.string().optional(),
  })
  .refine((row) => row.app_id ?? row.appId, { message: 'app_id is missing' });
type Row = z.infer<typeof RowSchema>;

export async function importAccounts(context: CliContext, args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, options: {}, strict: true, allowPositionals: true });
  if (positionals.length !== 1)
    throw new CliError(ExitCode.usage, 'accounts import needs one file (JSON or CSV), or - for standard input.');
  const fromStdin = positionals[0] === '-';
  const text = fromStdin ? await readAll(context.io.stdin) : readFile(positionals[0]!);
  const rows = parseRows(text);
  if (!fromStdin && rows.some((row) => row.secret)) {
    throw new CliError(
      ExitCode.usage,
      'This file has a secret column: secrets are read only from standard input, so they never sit in a file named on the command line. Run: tokendesk accounts import - < FILE',
    );
  }
  if (rows.some((row) => !row.secret) && !context.io.stdin.isTTY) {
    throw new CliError(
      ExitCode.usage,
      'Some rows have no secret, and there is no terminal to ask for them: add a secret column and pipe the file on standard input.',
    );
  }
  const withSecrets: { input: AccountInput; secret: string }[] = [];
  for (const row of rows) {
    const secret =
      row.secret ?? (await promptLine(context, `${row.kind === 'wecom' ? 'corpsecret' : 'AppSecret'} of ${row.label}`));
    withSecrets.push({ input: inputOf(row), secret });
  }
  const results = await context.accounts.addMany(withSecrets);
  let failed = 0;
  results.forEach((result, index) => {
    if (result.ok) return;
    failed += 1;
    const problems = result.problems
      .map((problem) => `${problem.field}: ${formatCoreMessage(problem.message, context.locale)}`)
      .join('; ');
    context.io.stderr.write(`Row ${index + 1} (${rows[index]!.label}) not imported: ${problems}\n`);
  });
  context.io.stderr.write(`Imported ${results.length - failed} of ${results.length} account(s).\n`);
  if (failed > 0)
    throw new CliError(ExitCode.usage, `${failed} row(s) were not imported; fix them and import those again.`);
}

export function exportAccounts(context: CliContext, args: string[]): void {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'json' } }, strict: true });
  const rows = context.accounts.list().map((account) => ({
    label: account.label,
    kind: account.kind,
    app_id: account.appId,
    env: account.environment,
    mode: account.tokenMode,
    notes: account.notes,
  }));
  if (values.format === 'json') context.io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (values.format === 'csv') context.io.stdout.write(stringifyCsv(rows, { header: true }));
  else throw new CliError(ExitCode.usage, `--format must be json or csv, not "${values.format}".`);
}

function parseRows(text: string): Row[] {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('[')
      ? JSON.parse(text)
      : parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new CliError(
      ExitCode.usage,
      `The file is neither a JSON array nor CSV with a header row: ${(error as Error).message}`,
    );
  }
  const parsed = z.array(z.unknown()).safeParse(raw);
  if (!parsed.success) throw new CliError(ExitCode.usage, 'A JSON file must hold an array of accounts.');
  return parsed.data.map((entry, index) => {
    const row = RowSchema.safeParse(entry);
    if (row.success) return row.data;
    const problems = row.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`).join('; ');
    throw new CliError(ExitCode.usage, `Row ${index + 1}: ${problems}. Nothing was imported.`);
  });
}

function inputOf(row: Row): AccountInput {
  const input: AccountInput = { label: row.label, kind: row.kind, appId: (row.app_id ?? row.appId)! };
  const environment = row.env ?? row.environment;
  const tokenMode = row.mode ?? row.tokenMode;
  if (environment) input.environment = environment;
  if (tokenMode) input.tokenMode = tokenMode;
  if (row.notes) input.notes = row.notes;
  return input;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.usage, `Could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** One secret at the terminal, not echoed (the same prompt `accounts add` uses). */
function promptLine(context: CliContext, label: string): Promise<string> {
  return readSecret({ stdin: context.io.stdin, prompt: context.io.stderr }, label);
}
