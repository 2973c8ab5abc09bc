import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts automatically only with vitest globals on; this project keeps globals off.
afterEach(() => cleanup());
