import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: projectRoot });

/** Lints `code` as if it were the file at `filePath`, returning the ids of the rules it broke. */
async function brokenRules(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(projectRoot, filePath) });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

describe('layering lint rules (eslint.config.js)', () => {
  it.each([
    ["import { app } from 'electron';\nexport const x = app;\n", 'electron/core/engine/new-file.ts'],
    ["import Store from 'electron-store';\nexport const x = Store;\n", 'electron/core/store/new-file.ts'],
    ["import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'renderer/src/new-file.ts'],
    ["import fs from 'node:fs';\nexport const x = fs;\n", 'renderer/src/new-file.ts'],
    ["import { registerIpc } from '../main/ipc';\nexport const x = registerIpc;\n", 'electron/core/new-file.ts'],
  ])('fails %j in %s', async (code, filePath) => {
    expect(await brokenRules(code, filePath)).toContain('no-restricted-imports');
  });

  it('allows type-free core code and Electron in the shell', async () => {
    expect(await brokenRules("import { z } from 'zod';\nexport const x = z;\n", 'electron/core/new-file.ts')).toEqual(
      [],
    );
    expect(
      await brokenRules("import { app } from 'electron';\nexport const x = app;\n", 'electron/main/new-file.ts'),
    ).toEqual([]);
  });

  it('sends external links through the https-only helper', async () => {
    const code = "import { shell } from 'electron';\nvoid shell.openExternal('http://x');\n";
    expect(await brokenRules(code, 'electron/main/new-file.ts')).toContain('no-restricted-properties');
  });
});
