import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'TokenDesk';

/**
 * Where TokenDesk keeps its files when running in plain Node (CLI, preview). It is the directory Electron's
 * `app.getPath('userData')` returns for an app named TokenDesk, so the CLI and the app share one settings file.
 * `TOKENDESK_HOME` overrides it (tests, CI, a second profile).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.TOKENDESK_HOME) return path.resolve(env.TOKENDESK_HOME);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}
