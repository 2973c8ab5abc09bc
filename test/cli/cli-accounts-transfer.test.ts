import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueKeychainNamespace } from '../support/keychain-cleanup';
import { useTempDirs } from '../support/temp-dir';
import { assertCliBuilt, cliEnvironment, runCli } from './cli-harness';

const SECRET = 'feedfacefeedfacefeedfacefeedface';

describe('tokendesk accounts import / export', () => {
  const tempDir = useTempDirs();
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(assertCliBuilt);
  afterEach(async () => {
    await Promise.all(cleanups.splice(0).map((cleanUp) => cleanUp()));
  });

  function environment() {
    const keychain = uniqueKeychainNamespace('import');
    cleanups.push(keychain.cleanUp);
    const dataDir = tempDir();
    return {
      dataDir,
      env: { ...cliEnvironment(dataDir, 'http://127.0.0.1:9'), TOKENDESK_KEYCHAIN_SERVICE: keychain.prefix },
    };
  }

  it('imports CSV from stdin with its secret column, and exports without secrets', async () => {
    const { env, dataDir } = environment();
    const csv = [
      'label,kind,app_id,env,mode,secret',
      `Shop,officialAccount,wx0000000000000001,test,stable,${SECRET}`,
      `"Warehouse, north",miniProgram,wx0000000000000002,production,classic,${SECRET}`,
    ].join('\n');
    const imported = await runCli(['accounts', 'import', '-'], env, csv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('Imported 2 of 2');

    const listed = JSON.parse((await runCli(['accounts', 'list', '--json'], env)).stdout) as {
      label: string;
      secret: string;
    }[];
    expect(listed.map((row) => [row.label, row.secret])).toEqual([
      ['Shop', 'stored'],
      ['Warehouse, north', 'stored'],
    ]);
    for (const format of ['json', 'csv']) {
      const exported = await runCli(['accounts', 'export', '--format', format], env);
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('wx0000000000000002');
      expect(exported.stdout).not.toContain(SECRET);
    }
    // The exported JSON imports again (into another data dir) once secrets are added back.
    const again = environment();
    const rows = JSON.parse((await runCli(['accounts', 'export'], env)).stdout) as object[];
    const reimported = await runCli(
      ['accounts', 'import', '-'],
      again.env,
      JSON.stringify(rows.map((row) => ({ ...row, secret: SECRET }))),
    );
    expect(reimported.code, reimported.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dataDir, 'config.json'), 'utf8')).not.toContain(SECRET);
  });

  it('refuses a secret column in a file named on the command line, and reports bad rows', async () => {
    const { env, dataDir } = environment();
    const file = path.join(dataDir, 'accounts.csv');
    fs.writeFileSync(file, `label,kind,app_id,secret\nShop,officialAccount,wx0000000000000001,${SECRET}\n`);
    const refused = await runCli(['accounts', 'import', file], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('import - <');

    const bad = await runCli(
      ['accounts', 'import', '-'],
      env,
      `label,kind,app_id,secret\nShop,officialAccount,wx0000000000000001,${SECRET}\nShop,officialAccount,not-an-appid,${SECRET}\n`,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Imported 1 of 2');
    expect(bad.stderr).toMatch(/Row 2 \(Shop\) not imported/);
    expect(bad.stderr).not.toContain(SECRET);
  });
});
