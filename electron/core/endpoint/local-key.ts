import { randomBytes } from 'node:crypto';
import type { Vault } from '../vault/vault';

/** 32 random bytes, base64url: unguessable, and safe in a header, a URL and a Postman variable. */
export function newEndpointKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The endpoint's key from the keychain, made on first use so that the app, `serve` and the CLI all find the same one. */
export async function ensureEndpointKey(vault: Pick<Vault, 'getEndpointKey' | 'setEndpointKey'>): Promise<string> {
  const existing = await vault.getEndpointKey();
  if (existing) return existing;
  const key = newEndpointKey();
  await vault.setEndpointKey(key);
  return key;
}

/** Replaces the key: every caller holding the old one gets 401 from then on. */
export async function rotateEndpointKey(vault: Pick<Vault, 'setEndpointKey'>): Promise<string> {
  const key = newEndpointKey();
  await vault.setEndpointKey(key);
  return key;
}
