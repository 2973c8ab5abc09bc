import type { FollowRedis } from '../../electron/core/accounts/account-schema';

/** Following a token that WxJava keeps in the Redis at `url`, with its default key: what most team tests follow. */
export function wxjavaFollow(url: string): FollowRedis {
  return {
    kind: 'redis',
    url,
    format: 'wxjava',
    keyPrefix: null,
    keyTemplate: null,
    valueField: null,
    agentId: null,
  };
}
