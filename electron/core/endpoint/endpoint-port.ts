/** The local endpoint's default port (pure, so the renderer's snippets and the Node endpoint share it). */
export const DEFAULT_ENDPOINT_PORT = 17878;
