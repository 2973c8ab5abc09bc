// `npx tsx test/bench/endpoint-bench.ts [--seconds N] [--connections N]`
// autocannon against the local endpoint's GET /v1/tokens/:alias and against a bare node:http server answering a
// constant body of the same size, in the same run. Prints the throughput ratio (goal ≥ 0.6×) and the endpoint's p99
// latency (goal < 5 ms). The servers run in a child process; autocannon runs here.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);
const BENCH_KEY = 'bench-local-key-0123456789abcdefghij';

const servers = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(import.meta.dirname, 'endpoint-bench-servers.ts')],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const firstLine = await new Promise<string>((resolve, reject) => {
  readline.createInterface({ input: servers.stdout! }).once('line', resolve);
  servers.once('exit', (code) => reject(new Error(`bench servers exited (${code})`)));
});
const { endpointPort, barePort } = JSON.parse(firstLine) as { endpointPort: number; barePort: number };

interface Round {
  requests: number;
  seconds: number;
  p99: number;
}

async function measure(
  name: string,
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<Round> {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { requests: result.requests.total, seconds, p99: result.latency.p99 };
}

// The machine is shared (two cores, other jobs): the two servers take turns in short rounds, so a burst of outside
// load hits both about equally instead of skewing whichever happened to run during it.
const ROUNDS = 5;
const bareUrl = `http://127.0.0.1:${barePort}/`;
const endpointUrl = `http://127.0.0.1:${endpointPort}/v1/tokens/bench`;
const auth = { Authorization: `Bearer ${BENCH_KEY}` };

try {
  // A short warm-up so the JIT has compiled both servers before anything is counted.
  await measure('warm-up', bareUrl, 1);
  await measure('warm-up', endpointUrl, 1, auth);
  const bare: Round[] = [];
  const endpoint: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measure('bare', bareUrl, duration / ROUNDS));
    endpoint.push(await measure('endpoint', endpointUrl, duration / ROUNDS, auth));
  }
  const rate = (rounds: Round[]) =>
    rounds.reduce((sum, r) => sum + r.requests, 0) / rounds.reduce((sum, r) => sum + r.seconds, 0);
  const worstP99 = (rounds: Round[]) => Math.max(...rounds.map((r) => r.p99));
  const ratio = rate(endpoint) / rate(bare);
  const endpointP99 = worstP99(endpoint);
  console.log(
    `connections ${connections}, ${duration} s per server in ${ROUNDS} alternating rounds, node ${process.version}`,
  );
  console.log(
    `bare node:http (constant)    ${rate(bare).toFixed(0).padStart(7)} req/s   worst-round p99 ${worstP99(bare)} ms`,
  );
  console.log(
    `GET /v1/tokens/:alias        ${rate(endpoint).toFixed(0).padStart(7)} req/s   worst-round p99 ${endpointP99} ms`,
  );
  console.log(
    `per round (endpoint/bare): ${endpoint.map((r, i) => (r.requests / bare[i]!.requests).toFixed(2)).join(' ')}`,
  );
  console.log(`throughput ratio ${ratio.toFixed(2)}× (goal ≥ 0.6×): ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
  console.log(`endpoint p99 ${endpointP99} ms (goal < 5 ms): ${endpointP99 < 5 ? 'met' : 'NOT met'}`);
  process.exitCode = ratio >= 0.6 && endpointP99 < 5 ? 0 : 1;
} finally {
  servers.kill();
}
