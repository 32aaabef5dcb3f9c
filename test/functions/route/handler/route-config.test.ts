import { describe, expect, it } from 'vitest';
import { decodeContinuation } from '#functions/route/call/call-state.js';
import { parseCarrierTrunk } from '#functions/route/carrier-trunk.js';
import { createRouteHandler } from '#functions/route/route-handler.js';
import { ROUTE_DEFAULTS } from '#functions/route/route-settings.js';
import { loadRouteEnv } from '#functions/shared/env.js';
import type { AuthDirectory } from '#functions/shared/store/auth-directory.js';
import type { StoreContext } from '#functions/shared/store/store-context.js';
import { DIGEST } from './route-harness.js';

const base = {
  TABLE_NAME: 'sipedge',
  AWS_REGION: 'ap-southeast-2',
  SIPEDGE_ZONE: 'example.net',
  SIPEDGE_EDGE: 'sydney',
  NONCE_SECRET_NAME: 'sipedge/nonce-hmac-key',
};

describe('loadRouteEnv', () => {
  it("reads the registrar's variables and an optional carrier trunk", () => {
    expect(loadRouteEnv(base)).toMatchObject({ zone: 'example.net', edge: 'sydney', carrierTrunk: null });
    const trunked = loadRouteEnv({
      ...base,
      SIPEDGE_CARRIER_TRUNK_URI: 'sip:carrier.example.com;transport=tls',
      SIPEDGE_CARRIER_TRUNK_USERNAME: 'acct',
      SIPEDGE_CARRIER_TRUNK_PASSWORD: 'pw',
    });
    expect(trunked.carrierTrunk).toEqual({
      uri: 'sip:carrier.example.com;transport=tls',
      username: 'acct',
      password: 'pw',
    });
  });

  it("reads the admin API's origin, whose TwiML Bins the router serves in-process", () => {
    expect(loadRouteEnv(base).twimlBinOrigins).toEqual([]);
    const withApi = loadRouteEnv({
      ...base,
      SIPEDGE_API_ORIGIN: 'https://abc123.execute-api.ap-southeast-2.amazonaws.com/',
    });
    expect(withApi.twimlBinOrigins).toEqual(['https://abc123.execute-api.ap-southeast-2.amazonaws.com']);
    expect(() => loadRouteEnv({ ...base, SIPEDGE_API_ORIGIN: 'ftp://x' })).toThrow(/SIPEDGE_API_ORIGIN/);
    expect(() => loadRouteEnv({ ...base, SIPEDGE_API_ORIGIN: 'not a url' })).toThrow(/SIPEDGE_API_ORIGIN/);
  });

  it('fails fast on trunk credentials without a trunk URI', () => {
    expect(() => loadRouteEnv({ ...base, SIPEDGE_CARRIER_TRUNK_USERNAME: 'acct' })).toThrow(
      /SIPEDGE_CARRIER_TRUNK_URI/,
    );
  });
});

describe('parseCarrierTrunk', () => {
  it('accepts a sip/sips URI without a user part, credentials both or neither', () => {
    const trunk = parseCarrierTrunk({ uri: 'sips:carrier.example.com:5061', username: null, password: null });
    expect(trunk).toMatchObject({
      ok: true,
      value: { uri: { host: 'carrier.example.com' }, credentials: null },
    });
    for (const bad of [
      { uri: 'tel:+14155550100', username: null, password: null },
      { uri: 'sip:user@carrier.example.com', username: null, password: null },
      { uri: 'sip:carrier.example.com', username: 'acct', password: null },
      { uri: 'not a uri', username: null, password: null },
    ]) {
      expect(parseCarrierTrunk(bad).ok).toBe(false);
    }
  });

  it('makes createRouteHandler fail at once on a bad trunk', () => {
    const options = {
      store: {} as StoreContext,
      directory: {} as AuthDirectory,
      digest: DIGEST,
      zone: 'localhost',
      settings: ROUTE_DEFAULTS,
      carrierTrunk: { uri: 'sip:u@carrier.example.com', username: null, password: null },
      twimlBinOrigins: [],
      now: Date.now,
    };
    expect(() => createRouteHandler(options)).toThrow(/user part/);
  });
});

describe('decodeContinuation', () => {
  it('refuses anything that is not a continuation the router wrote', () => {
    for (const text of ['not json', '{}', JSON.stringify({ v: 1, call: {}, dial: {}, rest: null })]) {
      expect(() => decodeContinuation(text)).toThrow(/continuation/);
    }
  });
});
