import { useEffect, useState } from 'react';
import type { Settings } from '../../electron/core/store/store-schema';

const darkQuery = '(prefers-color-scheme: dark)';

/** The effective theme: the setting, or the OS's when it is 'system' (followed live). */
export function useEffectiveTheme(setting: Settings['theme'] | undefined): 'light' | 'dark' {
  const [systemDark, setSystemDark] = useState(() => window.matchMedia?.(darkQuery).matches ?? false);
  useEffect(() => {
    const query = window.matchMedia?.(darkQuery);
    if (!query) return;
    const update = () => setSystemDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  if (setting === 'light' || setting === 'dark') return setting;
  return systemDark ? 'dark' : 'light';
}
