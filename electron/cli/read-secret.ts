import type { Readable, Writable } from 'node:stream';
import { CliError, ExitCode } from './exit-codes';

export interface SecretInput {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Where the prompt goes: stderr, so stdout stays clean for scripts. */
  prompt: Writable;
}

/**
 * Reads an AppSecret without it ever touching argv (visible in `ps` and shell history): piped stdin when there is
 * one (`printf %s "$SECRET" | tokendesk accounts add …`), else a prompt on the terminal that echoes nothing.
 */
export async function readSecret(input: SecretInput, label: string): Promise<string> {
  const secret =
    input.stdin.isTTY && input.stdin.setRawMode ? await promptHidden(input, label) : await readAll(input.stdin);
  // A trailing newline from `echo` is never part of a secret.
  const trimmed = secret.replace(/\r?\n$/, '');
  if (!trimmed) throw new CliError(ExitCode.usage, 'No AppSecret given: pipe it on stdin or type it at the prompt.');
  return trimmed;
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(input: SecretInput, label: string): Promise<string> {
  const { stdin, prompt } = input;
  prompt.write(`${label}: `);
  stdin.setRawMode!(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  let typed = '';
  return new Promise((resolve, reject) => {
    const finish = (error?: CliError) => {
      stdin.off('data', onData);
      stdin.setRawMode!(false);
      stdin.pause();
      prompt.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new CliError(ExitCode.cancelled, 'Cancelled.'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
