import { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { Principal } from '../core/auth/index.js';
import type { User } from '../core/types.js';
import { validationError } from '../core/errors.js';
import type { Runtime } from '../runtime/index.js';

/** Who is calling: a signed-in user (cookie session) or an API key's workspace principal. */
export type Caller =
  | { kind: 'session'; user: User; csrfToken: string; sessionHash: string }
  | { kind: 'api_key'; principal: Principal };

export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    runtime: Runtime;
    caller: Caller | undefined;
  };
}

/** A router whose validation failures become `validation_failed` problems naming each field. */
export function router(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error.issues);
    },
  });
}
