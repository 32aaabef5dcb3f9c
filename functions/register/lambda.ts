import { edgeLambdaFromEnv } from '../shared/edge-lambda.js';
import { loadRegisterEnv } from '../shared/env.js';
import { createRegisterHandler } from './register-handler.js';
import { REGISTRAR_DEFAULTS } from './registrar-settings.js';

/** Lambda entry: the gateway of this edge invokes it with handler-contract events. */
export const handler = edgeLambdaFromEnv(loadRegisterEnv(), (deps) =>
  createRegisterHandler({ ...deps, settings: REGISTRAR_DEFAULTS }),
);
