/**
 * The handlers the local runtime invokes in-process: the same factories the Lambda entries use,
 * built once over the embedded store.
 */

import { createRegisterHandler } from '#functions/register/register-handler.js';
import { REGISTRAR_DEFAULTS } from '#functions/register/registrar-settings.js';
import { createRouteHandler } from '#functions/route/route-handler.js';
import { ROUTE_DEFAULTS } from '#functions/route/route-settings.js';
import { DIGEST_DEFAULTS, parseDigestAlgorithms } from '#functions/shared/digest/digest-settings.js';
import type { CarrierTrunkEnv } from '#functions/shared/env.js';
import { createAuthDirectory } from '#functions/shared/store/auth-directory.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import type { HandlerEvent, HandlerName } from '#sip/contract/handler-events.js';
import type { InProcessHandler } from '../invoke/in-process-invoker.js';

export interface LocalHandlerOptions {
  readonly store: StoreContext;
  readonly zone: string;
  readonly realm: string;
  readonly nonceKey: Uint8Array;
  /** `MD5,SHA-256` style list; default DIGEST_DEFAULTS.algorithms. */
  readonly digestAlgorithms: string | undefined;
  readonly bindingsWhenFull: string | undefined;
  readonly carrierTrunk: CarrierTrunkEnv | null;
  /** Where the local API serves TwiML Bins: the route handler serves them in-process. */
  readonly twimlBinOrigins: readonly string[];
}

/** Cache staleness of domains and credentials read by the handlers (docs/data-model.md). */
const DIRECTORY_CACHE = { cacheTtlMs: 5_000, maxCacheEntries: 100_000 };

export function createLocalHandlers(
  options: LocalHandlerOptions,
): Partial<Record<HandlerName, InProcessHandler>> {
  const algorithms =
    options.digestAlgorithms === undefined
      ? { ok: true as const, value: DIGEST_DEFAULTS.algorithms }
      : parseDigestAlgorithms(options.digestAlgorithms);
  if (!algorithms.ok) throw new Error(`--digest-algorithms / SIPEDGE_DIGEST_ALGORITHMS: ${algorithms.error}`);
  const whenFull = options.bindingsWhenFull ?? REGISTRAR_DEFAULTS.whenFull;
  if (whenFull !== 'reject' && whenFull !== 'evict-soonest') {
    throw new Error(
      `--bindings-when-full / SIPEDGE_BINDINGS_WHEN_FULL: not reject or evict-soonest: ${whenFull}`,
    );
  }
  const directory = createAuthDirectory({ store: options.store, ...DIRECTORY_CACHE, now: Date.now });
  const digest = {
    realm: options.realm,
    secret: options.nonceKey,
    nonceLifetimeMs: DIGEST_DEFAULTS.nonceLifetimeMs,
    algorithms: algorithms.value,
  };
  const common = { store: options.store, directory, digest, zone: options.zone, now: Date.now };
  const register = createRegisterHandler({ ...common, settings: { ...REGISTRAR_DEFAULTS, whenFull } });
  const route = createRouteHandler({
    ...common,
    settings: ROUTE_DEFAULTS,
    carrierTrunk: options.carrierTrunk,
    twimlBinOrigins: options.twimlBinOrigins,
  });
  return {
    register: (event) => register(event as HandlerEvent),
    route: (event) => route(event as HandlerEvent),
  };
}
