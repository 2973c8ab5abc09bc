// Child process for engine-bench.ts: a fake WeChat with N accounts (`wx<16 hex of i>`, secret `<hex><hex>`), so the
// fake's CPU is not the measured process's. Prints {"url": …} on its first line; exits when stdin closes.
import { startFakeWeChat } from '../fake-wechat/server';
import { benchAccount } from './engine-bench-accounts';

const count = Number(process.argv[2]);
const fake = await startFakeWeChat({ accounts: Array.from({ length: count }, (_, index) => benchAccount(index)) });
console.log(JSON.stringify({ url: fake.url }));
process.stdin.resume();
process.stdin.on('end', () => void fake.close().then(() => process.exit(0)));
