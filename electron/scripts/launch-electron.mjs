// Starts the Electron app from the build output. Where Electron's binary is missing and cannot be downloaded (no
// access to GitHub, as on locked-down CI machines), it says so in one clear message instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(import.meta.dirname, '..', '..');

function electronBinary() {
  const packageDir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  const pathFile = path.join(packageDir, 'path.txt');
  const installed = () =>
    existsSync(pathFile) && existsSync(path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8')));
  if (!installed()) {
    // electron ≥ 45 downloads its binary on first use; do it here, quietly, so a failure can be explained.
    const result = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
      encoding: 'utf8',
      cwd: packageDir,
    });
    if (result.status !== 0 || !installed()) {
      // The first line that is not a stack frame is the reason ("TypeError: fetch failed", "404 Not Found" …).
      const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.split('\n').map((line) => line.trim());
      return { error: output.find((line) => line && !line.startsWith('at ')) };
    }
  }
  return { binary: path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8')) };
}

export function launchElectron(env = {}) {
  const { binary, error } = electronBinary();
  if (!binary) {
    console.error(
      [
        "TokenDesk could not start: Electron's binary is not installed and downloading it failed" +
          (error ? ` (${error}).` : '.'),
        'If GitHub is unreachable from this machine, point ELECTRON_MIRROR at a mirror you can reach ' +
          '(e.g. ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/) and run `npm start` again,',
        'or run TokenDesk in your browser instead: `npm run web`.',
      ].join('\n'),
    );
    process.exit(1);
  }
  const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, ...env } });
  child.on('exit', (code) => process.exit(code ?? 0));
  return child;
}

if (import.meta.url === `file://${process.argv[1]}`) launchElectron();
