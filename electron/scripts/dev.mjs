// `npm run dev`: the Vite dev server for the renderer (hot reload), esbuild watching the Node side, and Electron
// pointed at the dev server.
import { createServer } from 'vite';
import { buildNode } from './build-node.mjs';
import { launchElectron } from './launch-electron.mjs';

const vite = await createServer({ server: { host: '127.0.0.1' } });
await vite.listen();
const url = vite.resolvedUrls?.local[0];
await buildNode({ watch: true });
console.log(`Renderer dev server: ${url}`);
launchElectron({ TOKENDESK_DEV_SERVER_URL: url });
