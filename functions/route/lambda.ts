import { edgeLambdaFromEnv } from '../shared/edge-lambda.js';
import { loadRouteEnv } from '../shared/env.js';
import { createRouteHandler } from './route-handler.js';
import { ROUTE_DEFAULTS } from './route-settings.js';

const env = loadRouteEnv();

/** Lambda entry: the gateway of this edge invokes it with handler-contract events. */
export const handler = edgeLambdaFromEnv(env, (deps) =>
  createRouteHandler({
    ...deps,
    settings: ROUTE_DEFAULTS,
    carrierTrunk: env.carrierTrunk,
    twimlBinOrigins: env.twimlBinOrigins,
  }),
);
