import { memo, type ReactNode } from 'react';

// One pass over pretty-printed JSON: strings (keys are strings followed by a colon), numbers, literals.
const TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;

/** Pretty-prints and highlights JSON; text that isn't JSON is shown as it is (an HTML 502 page, say). */
export const JsonView = memo(function JsonView({
  value,
  text,
  label,
}: {
  value?: unknown;
  text?: string;
  label: string;
}) {
  let source = text ?? '';
  if (value !== undefined) source = JSON.stringify(value, null, 2);
  else if (text) {
    try {
      source = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON: shown raw below
    }
  }
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    parts.push(source.slice(last, match.index));
    const [whole, string, colon, number, literal] = match;
    if (string !== undefined) {
      parts.push(
        <span key={match.index} className={colon ? 'json-key' : 'json-string'}>
          {string}
        </span>,
      );
      if (colon) parts.push(colon);
    } else if (number !== undefined) {
      parts.push(
        <span key={match.index} className="json-number">
          {number}
        </span>,
      );
    } else {
      parts.push(
        <span key={match.index} className="json-literal">
          {literal ?? whole}
        </span>,
      );
    }
    last = match.index + whole.length;
  }
  parts.push(source.slice(last));
  return (
    <pre className="json-view" aria-label={label} tabIndex={0}>
      <code>{parts}</code>
    </pre>
  );
});
