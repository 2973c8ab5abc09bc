import { useCallback, useEffect, useState } from 'react';
import type { AccountView, QuotaView } from '../../../electron/core/contract/views';
import type { Exchange, RidResult } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { useNow } from '../clock/shared-clock';
import { formatClockTime, formatCountdown } from '../format/duration';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { CopyButton } from './CopyButton';
import { JsonView } from './JsonView';

// Where each kind's IP whitelist lives in WeChat's consoles (see ../shared/notes/wechat-api.md, "IP whitelist").
const whitelistPath: Record<AccountView['kind'], { en: string; 'zh-CN': string }> = {
  officialAccount: {
    en: 'WeChat Developer Platform → My business → Official Account → Basic info → Development info → IP whitelist (older consoles: Development → Basic configuration)',
    'zh-CN': '微信开发者平台 → 我的业务 → 公众号/服务号 → 基础信息 → 开发信息 → IP白名单（旧版：开发 → 基本配置）',
  },
  miniProgram: {
    en: 'Mini Program admin → Development management → Development settings → Developer ID → IP whitelist',
    'zh-CN': '小程序后台 → 开发管理 → 开发设置 → 开发者ID → IP白名单',
  },
  testAccount: {
    en: 'The sandbox page (mp.weixin.qq.com/debug/cgi-bin/sandbox) → IP whitelist, if shown',
    'zh-CN': '测试号管理页面（mp.weixin.qq.com/debug/cgi-bin/sandbox）→ IP白名单（如有）',
  },
  wecom: {
    en: 'WeCom admin → App management → your app → Trusted IPs (企业可信IP)',
    'zh-CN': '企业微信管理后台 → 应用管理 → 你的应用 → 企业可信IP',
  },
};

// 89506 / 89507 lock the AppID out for 24 h / 1 h; 89501 / 89503 only wait for an admin's confirmation, which the
// catalogue card explains.
const LOCKOUT_CODES = new Set([89506, 89507]);

/** openapi/rid/get exists for WeChat (not WeCom) and knows only the modern rid form. */
const LOOKUP_RID = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/i;

/** The cards that explain the account's last failure and offer the fix, in the UI language, from the catalogue. */
export function DiagnosisCards({ account }: { account: AccountView }) {
  const exchange = account.lastFailure;
  const outcome = exchange?.outcome;
  const cards = [];
  if (account.state.refreshedElsewhereAt)
    cards.push(<RefreshedElsewhereCard key="elsewhere" at={account.state.refreshedElsewhereAt} />);
  if (account.state.clockSkewMs !== undefined)
    cards.push(<ClockSkewCard key="clock" skewMs={account.state.clockSkewMs} />);
  if (outcome?.kind === 'wechat-error') {
    // An IPv6-only egress gets only an IPv6 address from WeChat.
    const ip = outcome.facts.ip ?? outcome.facts.ipv6 ?? outcome.facts.fromIp;
    if ((outcome.errcode === 40164 || outcome.errcode === 60020) && ip)
      cards.push(<IpWhitelistCard key="ip" account={account} ip={ip} />);
    // WeCom's 45009 is a frequency limit (the catalogue card says so), not WeChat's clearable daily quota.
    if (outcome.errcode === 45009 && account.kind !== 'wecom') cards.push(<QuotaCard key="quota" account={account} />);
    if (LOCKOUT_CODES.has(outcome.errcode)) cards.push(<LockoutCard key="lockout" account={account} />);
    if (!cards.length && outcome.entry) cards.push(<CatalogueCard key="catalogue" exchange={exchange!} />);
    if (outcome.rid) cards.push(<RidCard key="rid" account={account} rid={outcome.rid} />);
  }
  return cards.length ? (
    <div className="diagnosis" data-testid="diagnosis">
      {cards}
    </div>
  ) : null;
}

function CatalogueCard({ exchange }: { exchange: Exchange }) {
  const t = useT();
  const language = useLanguage();
  if (exchange.outcome.kind !== 'wechat-error' || !exchange.outcome.entry) return null;
  const { entry, errcode } = exchange.outcome;
  return (
    <section className="diag-card diag-error" data-testid={`diag-${errcode}`}>
      <h3>
        <span className="errcode">{errcode}</span> {entry.meaning[language]}
      </h3>
      <p>
        <strong>{t('diag.cause')}:</strong> {entry.cause[language]}
      </p>
      <p>
        <strong>{t('diag.action')}:</strong> {entry.action[language]}
      </p>
    </section>
  );
}

function IpWhitelistCard({ account, ip }: { account: AccountView; ip: string }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="diag-card diag-error" data-testid="diag-ip">
      <h3>{t('diag.ip.title', { ip })}</h3>
      <p>{t('diag.ip.body')}</p>
      {account.lastSuccessIp && account.lastSuccessIp !== ip && (
        <p className="diag-note" data-testid="diag-ip-changed">
          {t('diag.ip.changed', { ip: account.lastSuccessIp })}
        </p>
      )}
      <p>
        <strong>{t('diag.ip.where')}:</strong>{' '}
        <span className="console-path">{whitelistPath[account.kind][language]}</span>
      </p>
      <div className="diag-actions">
        <CopyButton text={ip} label={t('diag.ip.copy')} testId="copy-ip" />
      </div>
    </section>
  );
}

function QuotaCard({ account }: { account: AccountView }) {
  const t = useT();
  const api = useApi();
  const [quota, setQuota] = useState<QuotaView>();
  const [clearExchange, setClearExchange] = useState<Exchange>();
  const [refusal, setRefusal] = useState<string>();
  const describeError = useErrorText();
  const load = useCallback(
    (remote: boolean) =>
      api.getQuota(account.id, remote).then(
        (next) => {
          setQuota(next);
          setRefusal(undefined);
        },
        (error: unknown) => setRefusal(describeError(error)),
      ),
    [api, account.id, describeError],
  );
  const clear = () =>
    api.clearQuota(account.id).then(
      (exchange) => {
        setClearExchange(exchange);
        return load(false);
      },
      (error: unknown) => setRefusal(describeError(error)),
    );
  useEffect(() => {
    void load(false);
  }, [load]);
  return (
    <section className="diag-card diag-error" data-testid="diag-quota">
      <h3>{t('diag.quota.title')}</h3>
      {quota && <p>{t('diag.quota.local', { n: quota.localCallsToday })}</p>}
      {quota?.remote && (
        <>
          <p>
            {t('diag.quota.remote', {
              used: quota.remote.used,
              limit: quota.remote.dailyLimit,
              remain: quota.remote.remain,
            })}
          </p>
          <meter min={0} max={quota.remote.dailyLimit} value={quota.remote.used} className="quota-meter" />
        </>
      )}
      {quota && <p className="diag-note">{t('diag.quota.clearBudget', { n: quota.clearsThisMonth })}</p>}
      <div className="diag-actions">
        <button type="button" className="button button-small" onClick={() => void load(true)} data-testid="quota-load">
          {t('diag.quota.load')}
        </button>
        <button type="button" className="button button-small" onClick={() => void clear()} data-testid="quota-clear">
          {t('diag.quota.clear')}
        </button>
      </div>
      {refusal && <Refusal message={refusal} />}
      {clearExchange && <JsonView label={t('detail.response')} text={clearExchange.bodyText} />}
    </section>
  );
}

function LockoutCard({ account }: { account: AccountView }) {
  const t = useT();
  const now = useNow();
  const until = account.state.lockedUntil;
  return (
    <section className="diag-card diag-error" data-testid="diag-lockout">
      <h3>{t('diag.lockout.title')}</h3>
      {until && <p>{t('diag.lockout.left', { time: formatCountdown((until - now) / 1000) })}</p>}
    </section>
  );
}

function RidCard({ account, rid }: { account: AccountView; rid: string }) {
  const t = useT();
  const api = useApi();
  const [lookup, setLookup] = useState<Exchange<RidResult>>();
  const [refusal, setRefusal] = useState<string>();
  const describeError = useErrorText();
  const canLookUp = account.kind !== 'wecom' && LOOKUP_RID.test(rid);
  return (
    <section className="diag-card" data-testid="diag-rid">
      <h3>
        {t('diag.rid.title')}: <code>{rid}</code>
      </h3>
      <div className="diag-actions">
        <CopyButton text={rid} label={t('diag.rid.copy')} />
        {canLookUp && (
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              api.lookupRid(account.id, rid).then(setLookup, (error: unknown) => setRefusal(describeError(error)))
            }
            disabled={!account.token}
            data-testid="rid-lookup"
          >
            {t('diag.rid.lookup')}
          </button>
        )}
      </div>
      {refusal && <Refusal message={refusal} />}
      {lookup && <JsonView label={t('detail.response')} text={lookup.bodyText} />}
    </section>
  );
}

function RefreshedElsewhereCard({ at }: { at: number }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="diag-card diag-warning" data-testid="diag-elsewhere">
      <h3>{t('diag.elsewhere.title')}</h3>
      <p>{t('diag.elsewhere.body', { time: formatClockTime(at, language) })}</p>
      <p>{t('diag.elsewhere.action')}</p>
    </section>
  );
}

/** WeChat's `Date` header and this machine's clock disagree (`skewMs`: how far WeChat is ahead). */
function ClockSkewCard({ skewMs }: { skewMs: number }) {
  const t = useT();
  const language = useLanguage();
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const zh = language === 'zh-CN';
  const amount =
    seconds < 120 ? `${seconds}${zh ? ' 秒' : ' s'}` : `${Math.round(seconds / 60)}${zh ? ' 分钟' : ' min'}`;
  return (
    <section className="diag-card diag-warning" data-testid="diag-clock">
      <h3>{t('diag.clock.title')}</h3>
      <p>{t(skewMs > 0 ? 'diag.clock.behind' : 'diag.clock.ahead', { amount })}</p>
      <p>{t('diag.clock.action')}</p>
    </section>
  );
}

/** The core's reason an action could not be done; it says what to do. */
function Refusal({ message }: { message: string }) {
  return (
    <p className="field-problem" role="alert">
      {message}
    </p>
  );
}
