import type { Health } from '../../../electron/core/contract/health';
import { useT } from '../i18n/i18n-context';

/** The health's name in the UI language: "No token yet" for an account that never had one. */
export function useHealthName(): (health: Health) => string {
  const t = useT();
  return (health) => (health.kind === 'expired' && !health.hasToken ? t('health.noToken') : t(`health.${health.kind}`));
}

/** A coloured dot and the health's name, with the errcode when WeChat gave one. */
export function HealthLabel({
  health,
  className,
  withoutErrcode,
}: {
  health: Health;
  className?: string;
  /** The sidebar shows the errcode on a line of its own. */
  withoutErrcode?: boolean;
}) {
  const name = useHealthName()(health);
  return (
    <span className={`health-label health-text-${health.kind}${className ? ` ${className}` : ''}`}>
      <span className={`health-dot health-${health.kind}`} aria-hidden="true" />
      {name}
      {!withoutErrcode && health.errcode !== undefined && health.kind !== 'ok' && (
        <span className="mono"> · {health.errcode}</span>
      )}
    </span>
  );
}
