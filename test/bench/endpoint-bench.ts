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

async function measure(name: string, url: string, headers: Record<string, string> = {}) {
  // A short warm-up so the JIT has compiled both servers before anything is counted.
  await autocannon({ url, connections, duration: 1, headers });
  const result = await autocannon({ url, connections, duration, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
  };
}

try {
  const bare = await measure('bare node:http (constant)', `http://127.0.0.1:${barePort}/`);
  const endpoint = await measure('GET /v1/tokens/:alias', `http://127.0.0.1:${endpointPort}/v1/tokens/bench`, {
    Authorization: `Bearer ${BENCH_KEY}`,
  });
  const ratio = endpoint.rps / bare.rps;
  console.log(`connections ${connections}, ${duration} s each, node ${process.version}`);
  for (const row of [bare, endpoint]) {
    console.log(
      `${row.name.padEnd(28)} ${row.rps.toFixed(0).padStart(7)} req/s   p50 ${row.p50} ms   p99 ${row.p99} ms   (${row.total} requests)`,
    );
  }
  console.log(`throughput ratio ${ratio.toFixed(2)}× (goal ≥ 0.6×): ${ratio >= 0.6 ? 'met' : 'NOT met'}`);
  console.log(`endpoint p99 ${endpoint.p99} ms (goal < 5 ms): ${endpoint.p99 < 5 ? 'met' : 'NOT met'}`);
  process.exitCode = ratio >= 0.6 && endpoint.p99 < 5 ? 0 : 1;
} finally {
  servers.kill();
}
