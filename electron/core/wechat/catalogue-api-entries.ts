/**
 * Catalogue entries for the business APIs people try in the API console (template messages, followers, Mini Program
 * codes, JS-SDK tickets, WeCom members). Sources: the global return-code list
 * (https://developers.weixin.qq.com/doc/oplatform/developers/troubleshooting), the API pages of template/send,
 * getwxacodeunlimit and getticket, and WeCom's global error codes (https://developer.work.weixin.qq.com/document/path/90313).
 * Pure data: the renderer imports it too.
 */
import type { CatalogueEntry } from './types';

const wechat = (
  errcode: number,
  meaning: CatalogueEntry['meaning'],
  cause: CatalogueEntry['cause'],
  action: CatalogueEntry['action'],
): CatalogueEntry => ({ errcode, family: 'wechat', meaning, cause, action, transient: false });
const wecom = (
  errcode: number,
  meaning: CatalogueEntry['meaning'],
  cause: CatalogueEntry['cause'],
  action: CatalogueEntry['action'],
): CatalogueEntry => ({ errcode, family: 'wecom', meaning, cause, action, transient: false });

export const apiCatalogueEntries: readonly CatalogueEntry[] = [
  wechat(
    40003,
    { en: 'Invalid OpenID.', 'zh-CN': '不合法的 OpenID。' },
    {
      en: 'The OpenID is not a follower of this account: it belongs to another AppID (OpenIDs differ per account), or it was mistyped.',
      'zh-CN': '该 OpenID 不是本账号的用户：它属于另一个 AppID（不同账号的 OpenID 不同），或者填错了。',
    },
    {
      en: 'Take the OpenID from this account (user/get, or the message the user sent to it).',
      'zh-CN': '使用本账号下的 OpenID（通过 user/get 获取，或取自用户发给本账号的消息）。',
    },
  ),
  wechat(
    40037,
    { en: 'Invalid template_id.', 'zh-CN': '不合法的 template_id。' },
    {
      en: 'The template is not in this account’s “My templates”, or was deleted.',
      'zh-CN': '该模板不在本账号的“我的模板”中，或已被删除。',
    },
    {
      en: 'Copy the template ID from the account’s template message settings (My templates).',
      'zh-CN': '从本账号模板消息的“我的模板”中复制模板 ID。',
    },
  ),
  wechat(
    40097,
    { en: 'Invalid arguments.', 'zh-CN': '参数错误。' },
    {
      en: 'A parameter has a value the API does not accept (e.g. getticket with a type other than jsapi or wx_card).',
      'zh-CN': '某个参数的值接口不接受（如 getticket 的 type 不是 jsapi 或 wx_card）。',
    },
    { en: 'Check the parameters against the API’s page.', 'zh-CN': '对照接口文档检查参数。' },
  ),
  wechat(
    40169,
    { en: 'Invalid scene, or the body is not JSON.', 'zh-CN': 'scene 长度不合法，或请求体不是 JSON。' },
    {
      en: 'getwxacodeunlimit’s scene is missing or longer than 32 visible characters, or the body was sent as a form instead of JSON.',
      'zh-CN': 'getwxacodeunlimit 的 scene 缺失或超过 32 个可见字符，或请求体不是 JSON（如按表单发送）。',
    },
    {
      en: 'Keep scene to 32 characters (store longer data server-side and pass its key) and POST a JSON body.',
      'zh-CN': 'scene 不超过 32 个字符（较长的数据存在服务端，只传它的键），并以 JSON 请求体 POST。',
    },
  ),
  wechat(
    41030,
    { en: 'Invalid page.', 'zh-CN': 'page 路径不正确。' },
    {
      en: 'The page does not exist in the published Mini Program (check_path is on by default), or it starts with a slash or carries parameters.',
      'zh-CN': '已发布的小程序中没有该页面（check_path 默认开启），或路径以 / 开头、带了参数。',
    },
    {
      en: 'Use a published page like pages/index/index (no leading slash, parameters in scene), or set check_path to false for an unpublished one.',
      'zh-CN':
        '使用已发布的页面，如 pages/index/index（不以 / 开头，参数放在 scene 里）；未发布的页面可把 check_path 设为 false。',
    },
  ),
  wechat(
    44002,
    { en: 'Empty POST body.', 'zh-CN': 'POST 的数据包为空。' },
    { en: 'The API expects a JSON body and got none.', 'zh-CN': '接口需要 JSON 请求体，但没有收到。' },
    { en: 'Send the JSON body the API describes.', 'zh-CN': '按接口文档发送 JSON 请求体。' },
  ),
  wechat(
    47001,
    { en: 'Data format error.', 'zh-CN': '数据格式错误。' },
    {
      en: 'The body is not valid JSON, or a field has the wrong type (a number sent as a string, an object as a string).',
      'zh-CN': '请求体不是合法的 JSON，或字段类型不对（数字写成了字符串、对象写成了字符串）。',
    },
    {
      en: 'Validate the JSON and the field types against the API’s page.',
      'zh-CN': '校验 JSON 以及各字段类型是否与文档一致。',
    },
  ),
  wechat(
    76021,
    { en: 'cgi_path not found.', 'zh-CN': 'cgi_path 不存在。' },
    {
      en: 'openapi/quota/get knows no API at that path (TokenDesk’s IP check asks for one on purpose: its rid tells which IP WeChat saw).',
      'zh-CN': 'openapi/quota/get 不认识该路径（TokenDesk 查询 IP 时有意这样调用：它的 rid 能查出微信看到的 IP）。',
    },
    {
      en: 'Use the API’s path with a leading slash and without host or query, e.g. /cgi-bin/message/template/send.',
      'zh-CN': '使用以 / 开头、不带主机名和参数的接口路径，如 /cgi-bin/message/template/send。',
    },
  ),
  wecom(
    40014,
    { en: 'Invalid access_token.', 'zh-CN': '不合法的 access_token。' },
    {
      en: 'The token is not (or no longer) valid: it was copied incompletely, belongs to another app, or was replaced.',
      'zh-CN': '令牌无效或已失效：复制不完整、属于另一个应用，或已被替换。',
    },
    {
      en: 'Use the token TokenDesk holds now; the console renews it and retries once by itself.',
      'zh-CN': '使用 TokenDesk 当前持有的令牌；控制台会自动更新令牌并重试一次。',
    },
  ),
  wecom(
    40058,
    { en: 'Invalid parameter.', 'zh-CN': '不合法的参数。' },
    {
      en: 'A parameter is missing or has a value the API does not accept (e.g. ticket/get without type=agent_config).',
      'zh-CN': '缺少参数或参数值不被接受（如 ticket/get 缺少 type=agent_config）。',
    },
    { en: 'Check the parameters against the API’s page.', 'zh-CN': '对照接口文档检查参数。' },
  ),
  wecom(
    41009,
    { en: 'userid missing.', 'zh-CN': '缺少 userid 参数。' },
    { en: 'The API needs the member’s userid.', 'zh-CN': '该接口需要成员的 userid。' },
    {
      en: 'Add userid=… (the member’s account in the WeCom admin console).',
      'zh-CN': '加上 userid=…（成员在企业微信管理后台中的账号）。',
    },
  ),
  wecom(
    60111,
    { en: 'userid not found.', 'zh-CN': 'userid 不存在。' },
    {
      en: 'No member has this userid, or the app’s visible range does not include them.',
      'zh-CN': '没有该 userid 的成员，或成员不在应用的可见范围内。',
    },
    {
      en: 'Check the userid (case-sensitive) and the app’s visible range in the admin console.',
      'zh-CN': '检查 userid（区分大小写）以及应用在管理后台中的可见范围。',
    },
  ),
];
