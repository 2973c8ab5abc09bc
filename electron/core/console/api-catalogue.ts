/**
 * Common APIs for the console's searchable list: what developers try first, per account kind, with a sample query or
 * body to start from. Paths and shapes from WeChat's and WeCom's API references (developers.weixin.qq.com,
 * developer.work.weixin.qq.com). Pure data: the renderer imports it.
 */
import type { AccountKind } from '../wechat/types';
import type { ConsoleMethod } from '../contract/api-tools-views';

export interface CatalogueApi {
  method: ConsoleMethod;
  path: string;
  /** Who has it. */
  kinds: readonly AccountKind[];
  title: { en: string; 'zh-CN': string };
  /** `k=v` lines to start from. */
  query?: string;
  /** JSON to start from (POST). */
  body?: string;
}

const OA: readonly AccountKind[] = ['officialAccount', 'testAccount'];
const MP: readonly AccountKind[] = ['miniProgram'];
const WECHAT: readonly AccountKind[] = ['officialAccount', 'testAccount', 'miniProgram'];
const WECOM: readonly AccountKind[] = ['wecom'];

export const COMMON_APIS: readonly CatalogueApi[] = [
  {
    method: 'GET',
    path: '/cgi-bin/get_api_domain_ip',
    kinds: [...WECHAT, ...WECOM],
    title: { en: 'WeChat API server IPs (token check)', 'zh-CN': '微信 API 服务器 IP（检查令牌）' },
  },
  { method: 'GET', path: '/cgi-bin/menu/get', kinds: OA, title: { en: 'Custom menu', 'zh-CN': '查询自定义菜单' } },
  {
    method: 'GET',
    path: '/cgi-bin/user/get',
    kinds: OA,
    title: { en: 'Followers (OpenIDs)', 'zh-CN': '获取关注用户列表' },
    query: 'next_openid=',
  },
  {
    method: 'GET',
    path: '/cgi-bin/user/info',
    kinds: OA,
    title: { en: 'A follower’s profile', 'zh-CN': '获取用户基本信息' },
    query: 'openid=\nlang=zh_CN',
  },
  {
    method: 'POST',
    path: '/cgi-bin/message/template/send',
    kinds: OA,
    title: { en: 'Send a template message', 'zh-CN': '发送模板消息' },
    body: '{\n  "touser": "OPENID",\n  "template_id": "TEMPLATE_ID",\n  "data": {}\n}',
  },
  {
    method: 'POST',
    path: '/cgi-bin/qrcode/create',
    kinds: OA,
    title: { en: 'Create a parametric QR code', 'zh-CN': '生成带参数的二维码' },
    body: '{\n  "expire_seconds": 604800,\n  "action_name": "QR_STR_SCENE",\n  "action_info": { "scene": { "scene_str": "test" } }\n}',
  },
  {
    method: 'GET',
    path: '/cgi-bin/ticket/getticket',
    kinds: OA,
    title: { en: 'JS-SDK ticket', 'zh-CN': '获取 JS-SDK 票据' },
    query: 'type=jsapi',
  },
  {
    method: 'POST',
    path: '/wxa/getwxacodeunlimit',
    kinds: MP,
    title: { en: 'Mini Program code (image)', 'zh-CN': '获取不限制的小程序码（图片）' },
    body: '{\n  "scene": "id=1",\n  "page": "pages/index/index",\n  "check_path": false\n}',
  },
  {
    method: 'POST',
    path: '/wxa/business/getuserphonenumber',
    kinds: MP,
    title: { en: 'A user’s phone number (from a code)', 'zh-CN': '获取手机号' },
    body: '{\n  "code": "CODE"\n}',
  },
  {
    method: 'POST',
    path: '/cgi-bin/openapi/quota/get',
    kinds: WECHAT,
    title: { en: 'An API’s daily quota', 'zh-CN': '查询接口调用额度' },
    body: '{\n  "cgi_path": "/cgi-bin/message/template/send"\n}',
  },
  {
    method: 'POST',
    path: '/cgi-bin/openapi/rid/get',
    kinds: WECHAT,
    title: { en: 'Look up a rid', 'zh-CN': '查询 rid 信息' },
    body: '{\n  "rid": ""\n}',
  },
  {
    method: 'GET',
    path: '/cgi-bin/user/get',
    kinds: WECOM,
    title: { en: 'A WeCom member', 'zh-CN': '读取成员' },
    query: 'userid=',
  },
  {
    method: 'GET',
    path: '/cgi-bin/department/list',
    kinds: WECOM,
    title: { en: 'Departments', 'zh-CN': '获取部门列表' },
  },
  {
    method: 'POST',
    path: '/cgi-bin/message/send',
    kinds: WECOM,
    title: { en: 'Send an app message', 'zh-CN': '发送应用消息' },
    body: '{\n  "touser": "@all",\n  "msgtype": "text",\n  "agentid": 1000002,\n  "text": { "content": "Hello from TokenDesk" }\n}',
  },
  {
    method: 'GET',
    path: '/cgi-bin/get_jsapi_ticket',
    kinds: WECOM,
    title: { en: 'JS-SDK corp ticket', 'zh-CN': '获取企业的 jsapi_ticket' },
  },
  {
    method: 'GET',
    path: '/cgi-bin/ticket/get',
    kinds: WECOM,
    title: { en: 'JS-SDK app ticket (agentConfig)', 'zh-CN': '获取应用的 jsapi_ticket' },
    query: 'type=agent_config',
  },
];

/** The list for one account kind, filtered by a search box (path or title, either language). */
export function commonApisFor(kind: AccountKind, search = ''): CatalogueApi[] {
  const needle = search.trim().toLowerCase();
  return COMMON_APIS.filter(
    (api) =>
      api.kinds.includes(kind) &&
      (needle === '' ||
        api.path.toLowerCase().includes(needle) ||
        api.title.en.toLowerCase().includes(needle) ||
        api.title['zh-CN'].includes(needle)),
  );
}
