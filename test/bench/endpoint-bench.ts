// `npx tsx test/bench/endpoint-bench.ts [--seconds N] [--connections N]`
// autocannon against the local endpoint's GET /v1/tokens/:alias and against a bare node:http server answering a
// constant body of the same size, in the same run; both get the very same request (the endpoint's key in its
// Authorization header: the bare server ignores it, but parses it like any header). Prints the throughput ratio (goal
// ≥ 0.8×), the endpoint's p99 latency (goal < 5 ms) and, on Linux, the servers' CPU per request. The servers run in a
// child process; autocannon runs here.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
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
  /** The servers' process CPU per request, µs (undefined where /proc is missing). */
  cpuUs?: number;
}

/** CPU ms of the servers' process so far, from /proc (Linux); undefined elsewhere. */
function serversCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${servers.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100); // utime + stime, in clock ticks of 1/100 s
  } catch {
    return undefined;
  }
}

async function measure(
  name: string,
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<Round> {
  const cpuBefore = serversCpuMs();
  const result = await autocannon({ url, connections, duration: seconds, headers });
  const cpuAfter = serversCpuMs();
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  const cpuUs =
    cpuBefore === undefined || cpuAfter === undefined
      ? undefined
      : ((cpuAfter - cpuBefore) * 1000) / result.requests.total;
  return {
    requests: result.requests.total,
    seconds,
    p99: result.latency.p99,
    ...(cpuUs === undefined ? {} : { cpuUs }),
  };
}

// The machine is shared (two cores, other jobs): the two servers take turns in short rounds, so a burst of outside
// load hits both about equally instead of skewing whichever happened to run during it.
const ROUNDS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const bareUrl = `http://127.0.0.1:${barePort}/`;
const endpointUrl = `http://127.0.0.1:${endpointPort}/v1/tokens/bench`;
const auth = { Authorization: `Bearer ${BENCH_KEY}` };

try {
  // A warm-up so the JIT has compiled both servers before anything is counted.
  await measure('warm-up', bareUrl, 2, auth);
  await measure('warm-up', endpointUrl, 2, auth);
  const bare: Round[] = [];
  const endpoint: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(await measure('bare', bareUrl, duration / ROUNDS, auth));
    endpoint.push(await measure('endpoint', endpointUrl, duration / ROUNDS, auth));
  }
  const rate = (rounds: Round[]) =>
    rounds.reduce((sum, r) => sum + r.requests, 0) / rounds.reduce((sum, r) => sum + r.seconds, 0);
  const worstP99 = (rounds: Round[]) => Math.max(...rounds.map((r) => r.p99));
  // The median of the rounds' ratios: a burst of outside load during one round moves it less than the totals.
  const roundRatios = endpoint.map((r, i) => r.requests / bare[i]!.requests);
  const ratio = median(roundRatios);
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
  console.log(`per round (endpoint/bare): ${roundRatios.map((r) => r.toFixed(2)).join(' ')}`);
  const cpu = (rounds: Round[]) => median(rounds.map((r) => r.cpuUs ?? Number.NaN));
  if (!Number.isNaN(cpu(bare)))
    console.log(
      `servers' CPU per request (median of rounds): bare ${cpu(bare).toFixed(0)} µs, endpoint ${cpu(endpoint).toFixed(0)} µs (${(cpu(endpoint) / cpu(bare)).toFixed(2)}×)`,
    );
  console.log(
    `throughput ratio (median of rounds) ${ratio.toFixed(2)}× (goal ≥ 0.8×): ${ratio >= 0.8 ? 'met' : 'NOT met'}`,
  );
  console.log(`endpoint p99 ${endpointP99} ms (goal < 5 ms): ${endpointP99 < 5 ? 'met' : 'NOT met'}`);
  process.exitCode = ratio >= 0.8 && endpointP99 < 5 ? 0 : 1;
} finally {
  servers.kill();
}
