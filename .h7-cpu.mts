import { spawn } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';
import autocannon from 'autocannon';
const servers = spawn(process.execPath, ['--import', 'tsx', '/work/main/test/bench/endpoint-bench-servers.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
const line = await new Promise<string>((r) => readline.createInterface({ input: servers.stdout! }).once('line', r));
const { endpointPort, barePort } = JSON.parse(line);
const cpu = () => { const f = fs.readFileSync(`/proc/${servers.pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const auth = { Authorization: 'Bearer bench-local-key-0123456789abcdefghij' };
const cases = [
  ['bare', `http://127.0.0.1:${barePort}/`, {}],
  ['endpoint', `http://127.0.0.1:${endpointPort}/v1/tokens/bench`, auth],
] as const;
const sums: Record<string, number[]> = { bare: [], endpoint: [] };
for (let r = 0; r < 3; r++) for (const [name, url, headers] of cases) {
  const c0 = cpu();
  const res = await autocannon({ url, connections: 10, duration: 2, headers });
  sums[name]!.push((cpu() - c0) * 1000 / res.requests.total);
}
console.log(process.argv[2] ?? '', 'server CPU µs/req: bare', sums.bare!.map((x) => x.toFixed(0)).join(' '), ' endpoint', sums.endpoint!.map((x) => x.toFixed(0)).join(' '));
servers.kill();
