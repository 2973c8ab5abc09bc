import { useCallback, useEffect, useState } from 'react';
import { nextWechatMidnight } from '../../../electron/core/history/wechat-day';
import type { AccountView, QuotaView } from '../../../electron/core/contract/views';
import type { Exchange, RidResult } from '../../../electron/core/wechat/types';
import { useApi } from '../api-context';
import { useNow } from '../clock/shared-clock';
import { formatClockTime, formatCountdown } from '../format/duration';
import { useErrorText, useLanguage, useT } from '../i18n/i18n-context';
import { ConfirmDialog } from './ConfirmDialog';
import { CopyButton } from './CopyButton';
import { JsonView } from './JsonView';

// Where each kind's IP whitelist lives in WeChat's consoles (see ../shared/notes/wechat-api.md, "IP whitelist").
const whitelistPath: Record<AccountView['kind'], { en: string; 'zh-CN': string }> = {
  officialAccount: {
    en: '微信开发者平台 (WeChat Developer Platform) → 我的业务 → 公众号/服务号 → 基础信息 → 开发信息 → IP白名单 (older consoles: 开发 → 基本配置)',
    'zh-CN': '微信开发者平台 → 我的业务 → 公众号/服务号 → 基础信息 → 开发信息 → IP白名单（旧版：开发 → 基本配置）',
  },
  miniProgram: {
    en: '小程序后台 (Mini Program admin) → 开发管理 → 开发设置 → 开发者ID → IP白名单',
    'zh-CN': '小程序后台 → 开发管理 → 开发设置 → 开发者ID → IP白名单',
  },
  testAccount: {
    en: '测试号管理 (the sandbox page) → IP白名单, if shown',
    'zh-CN': '测试号管理页面（mp.weixin.qq.com/debug/cgi-bin/sandbox）→ IP白名单（如有）',
  },
  wecom: {
    en: '企业微信管理后台 (WeCom admin) → 应用管理 → your app → 企业可信IP (Trusted IPs)',
    'zh-CN': '企业微信管理后台 → 应用管理 → 你的应用 → 企业可信IP',
  },
};

/** Each kind's console, opened in the browser (https only: the app's window-open handler refuses anything else). */
const consoleUrl: Record<AccountView['kind'], string> = {
  officialAccount: 'https://mp.weixin.qq.com/',
  miniProgram: 'https://mp.weixin.qq.com/',
  testAccount: 'https://mp.weixin.qq.com/debug/cgi-bin/sandbox?t=sandbox/login',
  wecom: 'https://work.weixin.qq.com/wework_admin/frame#apps',
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
      cards.push(<IpWhitelistCard key="ip" account={account} ip={ip} errcode={outcome.errcode} />);
    // WeCom's 45009 is a frequency limit (the catalogue card says so), not WeChat's clearable daily quota.
    if (outcome.errcode === 45009 && account.kind !== 'wecom')
      cards.push(<QuotaCard key="quota" account={account} failedAt={exchange!.finishedAt} />);
    if (LOCKOUT_CODES.has(outcome.errcode))
      cards.push(<LockoutCard key="lockout" account={account} errcode={outcome.errcode} />);
    if (!cards.length && outcome.entry) cards.push(<CatalogueCard key="catalogue" exchange={exchange!} />);
    if (outcome.rid) cards.push(<RidCard key="rid" account={account} rid={outcome.rid} />);
  }
  if (outcome?.kind === 'network-error' || outcome?.kind === 'bad-response')
    cards.push(<NetworkCard key="network" exchange={exchange!} />);
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

function IpWhitelistCard({ account, ip, errcode }: { account: AccountView; ip: string; errcode: number }) {
  const t = useT();
  const language = useLanguage();
  return (
    <section className="diag-card diag-error" data-testid="diag-ip">
      <h3>
        <span className="errcode">{errcode}</span> {t('diag.ip.title', { ip })}
      </h3>
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
        <ConsoleLink kind={account.kind} />
      </div>
    </section>
  );
}

function QuotaCard({ account, failedAt }: { account: AccountView; failedAt: number }) {
  const t = useT();
  const api = useApi();
  const language = useLanguage();
  /** clear_quota/v2 spends one of 10 monthly clears: it asks first. */
  const [confirmingClear, setConfirmingClear] = useState(false);
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
      <h3>
        <span className="errcode">45009</span> {t('diag.quota.title')}
      </h3>
      <p data-testid="quota-resets">
        {t('diag.quota.resets', { time: formatClockTime(nextWechatMidnight(failedAt), language) })}
      </p>
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
        <button
          type="button"
          className="button button-small"
          onClick={() => setConfirmingClear(true)}
          data-testid="quota-clear"
        >
          {t('diag.quota.clear')}
        </button>
      </div>
      <ConfirmDialog
        open={confirmingClear}
        title={t('diag.quota.confirmTitle')}
        confirmLabel={t('diag.quota.confirmAction')}
        onCancel={() => setConfirmingClear(false)}
        onConfirm={() => {
          setConfirmingClear(false);
          void clear();
        }}
      >
        <p>
          {t('diag.quota.confirmBody', {
            n: quota?.clearsThisMonth ?? '?',
            next: quota ? quota.clearsThisMonth + 1 : '?',
          })}
        </p>
      </ConfirmDialog>
      {refusal && <Refusal message={refusal} />}
      {clearExchange && <JsonView label={t('detail.response')} text={clearExchange.bodyText} />}
    </section>
  );
}

function LockoutCard({ account, errcode }: { account: AccountView; errcode: number }) {
  const t = useT();
  const now = useNow();
  const until = account.state.lockedUntil;
  return (
    <section className="diag-card diag-error" data-testid="diag-lockout">
      <h3>
        <span className="errcode">{errcode}</span> {t('diag.lockout.title')}
      </h3>
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

/** A token call that never got WeChat's answer: what went wrong, in words, and that the account itself is fine. */
function NetworkCard({ exchange }: { exchange: Exchange }) {
  const t = useT();
  const { outcome } = exchange;
  if (outcome.kind !== 'network-error' && outcome.kind !== 'bad-response') return null;
  return (
    <section className="diag-card diag-warning" data-testid="diag-network">
      <h3>{t(outcome.kind === 'network-error' ? `net.${outcome.reason}` : `bad.${outcome.reason}`)}</h3>
      <p className="mono diag-detail">{outcome.message}</p>
      <p>{t('diag.net.advice')}</p>
    </section>
  );
}

/** The account kind's WeChat console, in the user's browser. */
function ConsoleLink({ kind }: { kind: AccountView['kind'] }) {
  const t = useT();
  return (
    <a
      className="button button-small"
      href={consoleUrl[kind]}
      target="_blank"
      rel="noreferrer"
      data-testid="console-link"
    >
      {t('diag.console')} ↗
    </a>
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
