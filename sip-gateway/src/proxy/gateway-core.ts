import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import {
  HANDLER_CONTRACT_VERSION,
  type HandlerName,
  type RespondResult,
} from '../contract/handler-events.js';
import { FlowBindings } from '../guard/flow-bindings.js';
import { type Admission, RequestGuard } from '../guard/request-guard.js';
import type { IHandlerInvoker, InvokeOutcome } from '../invoke/handler-invoker.js';
import { createResponse } from '../message/create-response.js';
import { canonicalHeaderName, formatUri, headerKey } from '../message/index.js';
import type { RawHeader, SipRequest, SipResponse, Via } from '../message/types.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type {
  RefusalReason,
  ServerTransaction,
  ServerTransactionEvent,
  TransactionUser,
} from '../transaction/transaction-user.js';
import type { Flow, SendTarget } from '../transport/transport.js';
import { answerOptions } from './answer-options.js';
import { SUPPORTED_OPTION_TAGS } from './capabilities.js';
import { dispatchRequest } from './dispatch-request.js';
import { REJECTIONS, type Rejection } from './rejections.js';
import { classifyRequestTarget, type LocalIdentity } from './request-target.js';
import { validateRequest } from './validate-request.js';

/** Where a request came from: the flow, where its responses go (§18.2.2), and its bytes. */
export interface RequestOrigin {
  readonly flow: Flow;
  readonly responseTarget: SendTarget;
  readonly raw: Uint8Array;
  readonly receivedAtMs: number;
}

export interface GatewayCoreOptions {
  readonly config: GatewayConfig;
  readonly invoker: IHandlerInvoker;
  readonly logger: Logger;
  readonly identity: LocalIdentity;
  readonly isOwnVia: (via: Via) => boolean;
}

/** Headers that describe the path, not the request; handlers never need them. */
const PATH_HEADERS = new Set(['via', 'route', 'record-route', 'content-length']);

/**
 * The transaction user of the gateway: validates each new request (RFC 3261 §16.3), answers what
 * it can itself, and asks a handler for the rest.
 */
export class GatewayCore implements TransactionUser<RequestOrigin> {
  #transactions: TransactionLayer<RequestOrigin, SendTarget> | null = null;
  /** Server transactions that already got a final response. */
  readonly #answered = new WeakSet<ServerTransaction<RequestOrigin>>();
  readonly #guard: RequestGuard;
  readonly #flowBindings = new FlowBindings();

  constructor(private readonly options: GatewayCoreOptions) {
    this.#guard = new RequestGuard(options.config);
  }

  attach(transactions: TransactionLayer<RequestOrigin, SendTarget>): void {
    this.#transactions = transactions;
  }

  onRequest(transaction: ServerTransaction<RequestOrigin>): void {
    const { request } = transaction;
    const target = classifyRequestTarget(request.uri, this.options.identity);
    const rejection = validateRequest(request, {
      target,
      isOwnVia: this.options.isOwnVia,
      supportedOptionTags: SUPPORTED_OPTION_TAGS,
    });
    const disposition = rejection
      ? ({ kind: 'reject', rejection } as const)
      : dispatchRequest(request, target);
    switch (disposition.kind) {
      case 'reject':
        this.#reject(transaction, disposition.rejection);
        break;
      case 'answerOptions':
        this.#answer(transaction, answerOptions(request, newTag()));
        break;
      case 'invoke':
        void this.#invoke(transaction, disposition.handler);
        break;
      case 'drop':
        break;
    }
  }

  onCancel(cancel: ServerTransaction<RequestOrigin>, invite: ServerTransaction<RequestOrigin> | null): void {
    if (!invite) {
      this.#reject(cancel, { code: 'transactionDoesNotExist' });
      return;
    }
    // RFC 3261 §9.2: answer the CANCEL with 200, then the INVITE with 487 unless it has a final response.
    this.#answer(cancel, createResponse(cancel.request, 200, 'OK', { toTag: newTag() }));
    if (!this.#answered.has(invite)) {
      this.#answer(invite, createResponse(invite.request, 487, 'Request Terminated', { toTag: newTag() }));
    }
  }

  onAckWithoutTransaction(ack: SipRequest, origin: RequestOrigin): void {
    this.options.logger.debug(
      { callId: ack.base.callId, source: origin.flow.remote },
      'ACK without transaction',
    );
  }

  onServerEvent(transaction: ServerTransaction<RequestOrigin>, event: ServerTransactionEvent): void {
    this.options.logger.debug(
      { callId: transaction.request.base.callId, event: event.kind },
      'server transaction event',
    );
  }

  onStrayResponse(response: SipResponse): void {
    this.options.logger.debug(
      { callId: response.base.callId, status: response.status },
      'stray response dropped',
    );
  }

  onRefused(request: SipRequest, origin: RequestOrigin, reason: RefusalReason): void {
    if (request.method === 'ACK') return;
    const code = reason === 'draining' ? 'shuttingDown' : 'overloaded';
    const response = this.#rejectionResponse(request, { code });
    void this.#transactions?.sendResponseStateless(response, origin);
  }

  /** A TCP/TLS flow closed: the registrar removes the bindings that lived on it (RFC 5626 §5). */
  onFlowClosed(flow: Flow): void {
    const bindingKeys = this.#flowBindings.take(flow.id);
    if (bindingKeys.length === 0) return;
    const { config, invoker, logger } = this.options;
    void invoker
      .invoke({
        version: HANDLER_CONTRACT_VERSION,
        type: 'flow-closed',
        handler: 'register',
        edge: config.edge,
        instanceId: config.instanceId,
        flowId: flow.id,
        bindingKeys,
      })
      .then((outcome) => {
        if (!outcome.ok)
          logger.warn({ flow: flow.id, failure: outcome.failure }, 'flow-closed handler failed');
      });
  }

  async #invoke(transaction: ServerTransaction<RequestOrigin>, handler: HandlerName): Promise<void> {
    const { request, origin } = transaction;
    const { config } = this.options;
    const sourceIp = origin.flow.remote.address;
    const admission = this.#guard.admit(request, sourceIp, Date.now());
    if (!admission.ok) {
      this.#reject(transaction, refusalRejection(admission));
      return;
    }
    const outcome: InvokeOutcome = await this.options.invoker.invoke({
      version: HANDLER_CONTRACT_VERSION,
      type: 'sip-request',
      handler,
      method: request.method,
      requestUri: formatUri(request.uri),
      headers: request.headers
        .filter((h) => !PATH_HEADERS.has(headerKey(h.name)))
        .map((h) => ({ name: canonicalHeaderName(h.name), value: h.value })),
      raw: Buffer.from(origin.raw).toString('latin1'),
      transport: origin.flow.protocol,
      source: { address: origin.flow.remote.address, port: origin.flow.remote.port },
      edge: config.edge,
      instanceId: config.instanceId,
      relayAddress: `${config.advertisedAddress}:${config.tcpPort}`,
      flowId: origin.flow.id,
      receivedAtMs: origin.receivedAtMs,
      ...(admission.acceptedNonceCount === undefined
        ? {}
        : { acceptedNonceCount: admission.acceptedNonceCount }),
    });
    if (outcome.ok && outcome.result.action === 'respond') {
      const { result } = outcome;
      this.#guard.learn(request, sourceIp, result, Date.now());
      if (result.flowBinding !== undefined && origin.flow.protocol !== 'udp') {
        this.#flowBindings.update(origin.flow.id, result.flowBinding.key, result.flowBinding.active);
      }
      this.#answer(transaction, this.#resultResponse(request, result));
      return;
    }
    const failure = outcome.ok ? 'bad-result' : outcome.failure;
    this.options.logger.warn(
      {
        callId: request.base.callId,
        handler,
        failure,
        detail: outcome.ok ? 'done without response' : outcome.detail,
      },
      'handler failed',
    );
    const code =
      failure === 'not-configured'
        ? 'methodNotImplemented'
        : failure === 'timeout' || failure === 'unavailable'
          ? 'handlerUnavailable'
          : 'handlerFailed';
    this.#reject(transaction, { code });
  }

  #resultResponse(request: SipRequest, result: RespondResult): SipResponse {
    if (result.status < 200) return this.#rejectionResponse(request, { code: 'handlerFailed' });
    return createResponse(request, result.status, result.reason, {
      toTag: newTag(),
      headers: result.headers,
      body: result.body === undefined ? undefined : Buffer.from(result.body, 'latin1'),
    });
  }

  #reject(transaction: ServerTransaction<RequestOrigin>, rejection: Rejection): void {
    this.#answer(transaction, this.#rejectionResponse(transaction.request, rejection));
  }

  #rejectionResponse(request: SipRequest, rejection: Rejection): SipResponse {
    const { status, reason } = REJECTIONS[rejection.code];
    const headers: RawHeader[] = [...(rejection.headers ?? [])];
    if (status === 503 && !headers.some((h) => headerKey(h.name) === 'retry-after'))
      headers.push({ name: 'Retry-After', value: String(this.options.config.retryAfterSec) });
    return createResponse(request, status, reason, { toTag: newTag(), headers });
  }

  #answer(transaction: ServerTransaction<RequestOrigin>, response: SipResponse): void {
    if (this.#answered.has(transaction)) return;
    if (response.status >= 200) this.#answered.add(transaction);
    const sent = this.#transactions?.sendResponse(transaction, response);
    const { request, origin } = transaction;
    const fields = {
      callId: request.base.callId,
      method: request.method,
      source: `${origin.flow.protocol}:${origin.flow.remote.address}:${origin.flow.remote.port}`,
      status: response.status,
      ...(sent && !sent.ok ? { error: sent.error } : {}),
    };
    // OPTIONS are keep-alive pings for many devices: log them only at debug level.
    if (request.method === 'OPTIONS') this.options.logger.debug(fields, 'response');
    else this.options.logger.info(fields, 'response');
  }
}

/** The rejection for a request the guard refused, with Twilio's code where there is one. */
function refusalRejection(admission: Exclude<Admission, { ok: true }>): Rejection {
  if (admission.refusal === 'authenticationBlocked') {
    return {
      code: 'authenticationBlocked',
      headers: [{ name: 'X-SipEdge-Error', value: '32202 Too many failed authentication attempts' }],
    };
  }
  return {
    code: 'registrationRateExceeded',
    headers: [
      { name: 'Retry-After', value: String(admission.retryAfterSec) },
      { name: 'X-SipEdge-Error', value: '32008 Registration per second limit exceeded' },
    ],
  };
}

function newTag(): string {
  return randomBytes(6).toString('hex');
}
