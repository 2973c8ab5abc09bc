/**
 * The page's Content-Security-Policy, sent as a header by the app:// protocol handler and the preview server; the
 * same policy (minus frame-ancestors, which <meta> can't carry) sits in renderer/index.html as a fallback.
 * Every exception has its reason next to it.
 */
export function contentSecurityPolicy(options: { devServer?: string; previewSocket?: string } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // Our bundle only. The Vite dev server injects an inline React-refresh preamble, so dev allows inline scripts.
    'script-src': ["'self'", ...(options.devServer ? ["'unsafe-inline'", options.devServer] : [])],
    // React sets style attributes (progress rings, virtual list offsets); no remote styles.
    'style-src': ["'self'", "'unsafe-inline'"],
    // Kind icons are inline SVG data URLs.
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    // The page talks to the core through IPC; only the preview and the dev server need a socket.
    'connect-src': [
      "'self'",
      ...(options.previewSocket ? [options.previewSocket] : []),
      ...(options.devServer ? [options.devServer.replace(/^http/, 'ws')] : []),
    ],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
