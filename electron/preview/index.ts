import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hostEnvironment } from '../core/host-environment';
import { openNodeStore } from '../core/store/node-store';
import { createHost } from '../core/host/host';
import { openVault } from '../core/vault/open-vault';
import { startPreviewServer } from './preview-server';

// `npm run web -- [--port N] [--data-dir DIR] [--api-base URL]`: the same core as the app, in plain Node, with the
// UI in a browser. TOKENDESK_HOME, TOKENDESK_KEYCHAIN_SERVICE and TOKENDESK_API_BASE work as for the CLI. Prints the URL (with its key) alone on stdout; everything else goes to stderr.

const usage = 'Usage: npm run web -- [--port N] [--data-dir DIR] [--api-base URL]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        'api-base': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      console.error(usage);
      process.exit(0);
    }
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      fail(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
    const apiBase = values['api-base'];
    if (apiBase !== undefined && !/^https?:\/\/[^/]+/.test(apiBase)) {
      fail(`--api-base must be an http(s) URL such as http://127.0.0.1:8080, not "${apiBase}".`);
    }
    const fromEnv = hostEnvironment();
    return {
      port,
      dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : fromEnv.dataDir,
      apiBase: apiBase?.replace(/\/+$/, '') ?? fromEnv.apiBase,
      vaultPrefix: fromEnv.vaultPrefix,
    };
  } catch (error) {
    fail((error as Error).message);
  }
}

// The same depth from electron/preview (source) and dist-electron/preview (bundle).
const projectRoot = path.resolve(import.meta.dirname, '..', '..');
const { version } = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
const options = readOptions();
const { store, quarantinedFile } = openNodeStore(options.dataDir);
if (quarantinedFile) console.error(`The settings file could not be read; it was kept as ${quarantinedFile}.`);
// The same host lifecycle as the app and `serve`: the refresher for this data dir, or a follower of the one running.
const host = await createHost({
  kind: 'preview',
  store,
  dataDir: options.dataDir,
  vault: openVault(options.vaultPrefix, options.dataDir),
  ...(options.apiBase ? { apiBase: options.apiBase } : {}),
  appInfo: {
    name: 'TokenDesk',
    version,
    runtime: 'preview',
    platform: process.platform,
    dataDir: options.dataDir,
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    ...(options.apiBase ? { apiBase: options.apiBase } : {}),
    ...(quarantinedFile ? { quarantinedSettingsFile: quarantinedFile } : {}),
  },
  onRoleChange: (role, refresher) =>
    console.error(
      role === 'refresher'
        ? 'This preview refreshes tokens for its data dir.'
        : `Following the TokenDesk ${refresher.kind} (pid ${refresher.pid}), which refreshes tokens for this data dir.`,
    ),
});
const server = await startPreviewServer({
  core: host,
  rendererDir: path.join(projectRoot, 'dist', 'renderer'),
  port: options.port,
});
console.log(server.url);
console.error(`TokenDesk preview (data: ${options.dataDir.replace(os.homedir(), '~')}). Ctrl+C stops it.`);

const stop = async () => {
  await server.close();
  await host.dispose();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
