import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AccountDraft } from '../../../electron/core/contract/views';
import { launchChromium } from './chromium';
import { startPreview, type RunningPreview } from './preview-process';

/** The desk as a scenario drives it: a preview against the fake WeChat server, and one Chromium page on it. */
export interface DeskSession {
  preview: RunningPreview;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a scenario ends by expecting none. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface DeskOptions {
  viewport?: { width: number; height: number };
  /** Lets the page read and write the clipboard (the copy buttons' tests). */
  clipboard?: boolean;
}

/** Starts a preview (its own data dir, the given keychain namespace) and opens it in Chromium. */
export async function openDesk(
  apiBase: string,
  keychainPrefix: string,
  options: DeskOptions = {},
): Promise<DeskSession> {
  const preview = await startPreview(['--api-base', apiBase], { TOKENDESK_KEYCHAIN_SERVICE: keychainPrefix });
  const browser = await launchChromium();
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 860 },
    colorScheme: 'light',
  });
  // Playwright's actions otherwise wait forever for an element that never comes.
  context.setDefaultTimeout(10_000);
  if (options.clipboard)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(preview.url).origin });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(preview.url);
  return {
    preview,
    browser,
    context,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await preview.stop();
    },
  };
}

/** The fields every draft shares, so a scenario names only what matters to it. */
export function draftOf(fields: Partial<AccountDraft> & Pick<AccountDraft, 'label' | 'appId'>): AccountDraft {
  return {
    kind: 'officialAccount',
    environment: 'production',
    tokenMode: 'stable',
    autoRefresh: true,
    marginSeconds: null,
    apiBase: null,
    notes: '',
    ...fields,
  };
}

/**
 * Adds accounts through the preview's own socket, from the page (its origin, its key): the contract call the form
 * makes, without typing each one.
 */
export async function addAccountsThroughPage(page: Page, accounts: [AccountDraft, string][]): Promise<void> {
  const answers = await page.evaluate(async (rows) => {
    const key = sessionStorage.getItem('tokendesk-preview-key') ?? '';
    const socket = new WebSocket(`ws://${location.host}/ws?key=${encodeURIComponent(key)}`);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onclose = reject;
    });
    const results: unknown[] = [];
    for (const [index, args] of rows.entries()) {
      const answered = new Promise((resolve) => {
        socket.onmessage = (message: MessageEvent<string>) => {
          const data = JSON.parse(message.data) as { type: string; id: number; envelope: unknown };
          if (data.type === 'result' && data.id === index) resolve(data.envelope);
        };
      });
      socket.send(JSON.stringify({ type: 'invoke', id: index, channel: 'accounts:add', args }));
      results.push(await answered);
    }
    socket.close();
    return results;
  }, accounts);
  for (const answer of answers)
    if (!(answer as { value?: { ok: boolean } }).value?.ok)
      throw new Error(`could not add an account: ${JSON.stringify(answer)}`);
}
