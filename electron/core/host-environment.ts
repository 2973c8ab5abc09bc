import { defaultDataDir } from './store/data-dir';
import { DEFAULT_VAULT_PREFIX } from './vault/keytar-vault';

/**
 * The environment variables every plain-Node host (CLI, preview) honours, read in one place:
 * `TOKENDESK_HOME` (data dir), `TOKENDESK_KEYCHAIN_SERVICE` (keychain namespace — tests use a unique one) and
 * `TOKENDESK_API_BASE` (one WeChat base URL for both families: a proxy, the fake WeChat server).
 */
export function hostEnvironment(env: NodeJS.ProcessEnv = process.env): {
  dataDir: string;
  vaultPrefix: string;
  apiBase?: string;
} {
  const apiBase = env.TOKENDESK_API_BASE?.replace(/\/+$/, '');
  return {
    dataDir: defaultDataDir(env),
    vaultPrefix: env.TOKENDESK_KEYCHAIN_SERVICE || DEFAULT_VAULT_PREFIX,
    ...(apiBase ? { apiBase } : {}),
  };
}
