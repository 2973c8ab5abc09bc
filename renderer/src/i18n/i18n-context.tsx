import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { errorText } from './error-text';
import { catalogs, type MessageKey, type UiLanguage } from './messages';

const LanguageContext = createContext<UiLanguage>('en');

export function I18nProvider({ language, children }: { language: UiLanguage; children: ReactNode }) {
  return <LanguageContext.Provider value={language}>{children}</LanguageContext.Provider>;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** `t('empty.title')` in the current UI language; `{name}` placeholders are filled from `values`. */
export function useT(): Translate {
  const language = useContext(LanguageContext);
  return (key, values) =>
    catalogs[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values?.[name] ?? whole));
}

export function useLanguage(): UiLanguage {
  return useContext(LanguageContext);
}

/** `describeError(error)`: why a call to the core failed, in the current UI language. */
export function useErrorText(): (error: unknown) => string {
  const language = useContext(LanguageContext);
  // Stable per language, so callbacks that depend on it don't change on every render.
  return useCallback((error: unknown) => errorText(error, language), [language]);
}
