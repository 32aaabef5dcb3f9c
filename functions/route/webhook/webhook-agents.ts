import http from 'node:http';
import https from 'node:https';
import type { WebhookLimits } from './webhook-limits.js';

interface Agents {
  readonly 'http:': http.Agent;
  readonly 'https:': https.Agent;
}

const agentsByLimits = new WeakMap<WebhookLimits, Agents>();

/**
 * The connection pool for webhooks under these limits: connections to a customer's server are
 * kept alive between requests (RFC 9112 §9.3), so a call does not pay a TCP and TLS handshake
 * each time, and idle ones close after `idleConnectionTimeoutMs`.
 */
export function webhookAgent(protocol: 'http:' | 'https:', limits: WebhookLimits): http.Agent {
  let agents = agentsByLimits.get(limits);
  if (agents === undefined) {
    const options = {
      keepAlive: true,
      maxFreeSockets: limits.maxIdleConnectionsPerHost,
      timeout: limits.idleConnectionTimeoutMs,
      scheduling: 'lifo' as const,
    };
    agents = { 'http:': new http.Agent(options), 'https:': new https.Agent(options) };
    agentsByLimits.set(limits, agents);
  }
  return agents[protocol];
}
