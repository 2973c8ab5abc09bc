import { createContext, useContext, type ReactNode } from 'react';
import { catalogs, type MessageKey, type UiLanguage } from './messages';

const LanguageContext = createContext<UiLanguage>('en');

export function I18nProvider({ language, children }: { language: UiLanguage; children: ReactNode }) {
  return <LanguageContext.Provider value={language}>{children}</LanguageContext.Provider>;
}

/** `t('empty.title')` in the current UI language. */
export function useT(): (key: MessageKey) => string {
  const language = useContext(LanguageContext);
  return (key) => catalogs[language][key];
}

export function useLanguage(): UiLanguage {
  return useContext(LanguageContext);
}
