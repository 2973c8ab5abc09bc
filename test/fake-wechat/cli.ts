/**
 * `npm run fake-wechat -- --port 8080 --account wx0123456789abcdef:SECRET --account ww0123:SECRET:wecom`
 * Starts the fake WeChat server and prints its base URL (the first line of stdout); Ctrl-C stops it.
 */
import { parseCliArgs, USAGE, UsageError, type CliConfig } from './cli-args';
import { startFakeWeChat } from './server';

async function main(): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`fake-wechat: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(error.message ? 2 : 0);
  }
  const fake = await startFakeWeChat(config);
  process.stdout.write(`${fake.url}\n`);
  for (const account of config.accounts) {
    const whitelist = account.ipWhitelist ? ` whitelist=${account.ipWhitelist.join(',')}` : '';
    process.stderr.write(`fake-wechat: account ${account.appId} (${account.kind})${whitelist}\n`);
  }
  process.stderr.write('fake-wechat: Ctrl-C to stop\n');
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake-wechat: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
