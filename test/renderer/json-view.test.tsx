import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { JsonView } from '../../renderer/src/components/JsonView';

describe('<JsonView>', () => {
  it('pretty-prints and highlights keys, strings, numbers and literals', () => {
    const { container } = render(
      <JsonView label="Response" text='{"errcode":40164,"errmsg":"invalid ip","ok":false,"x":null}' />,
    );
    expect(container.querySelector('pre')!.textContent).toBe(
      JSON.stringify({ errcode: 40164, errmsg: 'invalid ip', ok: false, x: null }, null, 2),
    );
    expect([...container.querySelectorAll('.json-key')].map((node) => node.textContent)).toEqual([
      '"errcode"',
      '"errmsg"',
      '"ok"',
      '"x"',
    ]);
    expect(container.querySelector('.json-number')!.textContent).toBe('40164');
    expect(container.querySelector('.json-string')!.textContent).toBe('"invalid ip"');
    expect([...container.querySelectorAll('.json-literal')].map((node) => node.textContent)).toEqual(['false', 'null']);
  });

  it('shows a body that is not JSON as it is', () => {
    const { container } = render(<JsonView label="Response" text="<html><body>502 Bad Gateway</body></html>" />);
    expect(container.querySelector('pre')!.textContent).toBe('<html><body>502 Bad Gateway</body></html>');
  });
});
