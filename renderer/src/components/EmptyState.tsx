import { useT } from '../i18n/i18n-context';
import { TokenDeskMark } from './TokenDeskMark';

const fakeServerCommand = 'npm run fake-wechat -- --port 8080 --account wx0123456789abcdef:demo-secret';

export function EmptyState({ onAdd }: { onAdd: () => void }) {
  const t = useT();
  return (
    <section className="empty-state" data-testid="empty-state" aria-labelledby="empty-title">
      <TokenDeskMark size={56} />
      <h1 id="empty-title">{t('empty.title')}</h1>
      <p className="empty-body">{t('empty.body')}</p>
      <p className="empty-kinds">{t('empty.kinds')}</p>
      <div className="empty-actions">
        <button type="button" className="button button-primary" data-testid="add-account" onClick={onAdd}>
          {t('sidebar.addAccount')}
        </button>
      </div>
      <aside className="empty-hint">
        <h2>{t('empty.fake.title')}</h2>
        <p>{t('empty.fake.body')}</p>
        <code className="code-line">{fakeServerCommand}</code>
      </aside>
    </section>
  );
}
