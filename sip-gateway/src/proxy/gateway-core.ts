import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import {
  HANDLER_CONTRACT_VERSION,
  type HandlerName,
  type RespondResult,
} from '../contract/handler-events.js';
import type { LocateServers } from '../dns/locate-servers.js';
import { serverLocator } from '../dns/server-locator.js';
import { FlowBindings } from '../guard/flow-bindings.js';
import { type Admission, RequestGuard } from '../guard/request-guard.js';
import type { IHandlerInvoker, InvokeOutcome } from '../invoke/handler-invoker.js';
import { createResponse } from '../message/create-response.js';
import { formatUri, getHeaderValue, headerKey } from '../message/index.js';
import { newTag } from '../message/random-token.js';
import type { RawHeader, SipRequest, SipResponse, SipUri, Uri, Via } from '../message/types.js';
import type { Clock } from '../transaction/clock.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type {
  RefusalReason,
  ServerTransaction,
  ServerTransactionEvent,
  TransactionUser,
} from '../transaction/transaction-user.js';
import { normalizeAddress } from '../transport/address.js';
import type { Endpoint, Flow, SendTarget, TransportProtocol } from '../transport/transport.js';
import { answerOptions } from './answer-options.js';
import { SUPPORTED_OPTION_TAGS } from './capabilities.js';
import { DialController } from './dial-controller.js';
import { dispatchRequest } from './dispatch-request.js';
import { Forwarder } from './forwarder.js';
import { formatHostPort } from './host-port.js';
import { type IsOwnUri, preprocessRoute } from './preprocess-route.js';
import { REJECTIONS, type Rejection } from './rejections.js';
import type { RequestOrigin } from './request-origin.js';
import { classifyRequestTarget, type LocalIdentity } from './request-target.js';
import { resolveRoute } from './resolve-route.js';
import { decideRoute, type LocateRoute, type RouteDecision } from './route-decision.js';
import { validateRequest } from './validate-request.js';

export interface GatewayCoreOptions {
  readonly config: GatewayConfig;
  readonly invoker: IHandlerInvoker;
  readonly logger: Logger;
  readonly identity: LocalIdentity;
  readonly isOwnVia: (via: Via) => boolean;
  /** True for a URI naming this gateway: its host and one of its bound ports (§16.4). */
  readonly isOwnUri: IsOwnUri;
  /** Keys the flow tokens in this gateway's Record-Route and relay Route URIs (RFC 5626 §5.3). */
  readonly gatewaySecret: Uint8Array;
  /** The bound port of a transport, for Via and Record-Route. */
  readonly portFor: (protocol: TransportProtocol) => number;
  /** The open flow with this id on this instance. */
  readonly lookupFlow: (flowId: string) => Flow | undefined;
  readonly clock: Clock;
}

/** A request with this gateway's route entries removed, and what they said about it. */
interface Routed<D = RouteDecision> {
  readonly request: SipRequest;
  readonly decision: D;
}

const FOREIGN = { kind: 'foreign' } as const;

/**
 * The transaction user of the gateway: validates each new request (RFC 3261 §16.3), answers what
 * it can itself, and asks a handler for the rest.
 */
export class GatewayCore implements TransactionUser<RequestOrigin> {
  #transactions: TransactionLayer<RequestOrigin, SendTarget> | null = null;
  #forwarder: Forwarder | null = null;
  #dials: DialController | null = null;
  /** Server transactions that already got a final response, and whether it was a 2xx. */
  readonly #finals = new WeakMap<ServerTransaction<RequestOrigin>, 'success' | 'failure'>();
  readonly #guard: RequestGuard;
  readonly #flowBindings = new FlowBindings();
  /** RFC 3263 server location, one answer cache for every branch and in-dialog hop. */
  readonly #locate: LocateServers;
  /** This instance's URIs: those of the gateway, and its relay address (relay Routes name it). */
  readonly #isOwnUri: IsOwnUri;

  constructor(private readonly options: GatewayCoreOptions) {
    this.#guard = new RequestGuard(options.config);
    this.#locate = serverLocator(options.config.dns, () => options.clock.now());
    this.#isOwnUri = (uri: Uri): uri is SipUri => options.isOwnUri(uri) || this.#isRelayUri(uri);
  }

  attach(transactions: TransactionLayer<RequestOrigin, SendTarget>): void {
    this.#transactions = transactions;
    const { config, clock, gatewaySecret, portFor, lookupFlow, logger } = this.options;
    this.#forwarder = new Forwarder({
      config,
      transactions,
      clock,
      nowMs: Date.now,
      secret: gatewaySecret,
      isOwnUri: this.#isOwnUri,
      portFor,
      self: () => this.#self(),
      locate: this.#locate,
      lookupFlow,
      respond: (transaction, response) => this.#answer(transaction, response),
      logger,
    });
    this.#dials = new DialController({
      config,
      invoker: this.options.invoker,
      logger,
      forwarder: this.#forwarder,
      hasFinal: (transaction) => this.#finals.has(transaction),
      answer: (transaction, response) => this.#answer(transaction, response),
      resultResponse: (request, result) => this.#resultResponse(request, result),
      noAnswer: (request) => this.#rejectionResponse(request, { code: 'dialNoAnswer' }),
    });
  }

  onRequest(transaction: ServerTransaction<RequestOrigin>): void {
    const routed = this.#route(transaction.request, transaction.origin);
    if (routed.decision.kind !== 'locate') {
      this.#dispatch(transaction, { request: routed.request, decision: routed.decision });
      return;
    }
    // RFC 3263: the next hop is a name; a CANCEL may answer the request while it is looked up.
    void this.#located(routed.request, routed.decision).then((located) => {
      if (!this.#finals.has(transaction)) this.#dispatch(transaction, located);
    });
  }

  #dispatch(transaction: ServerTransaction<RequestOrigin>, { request, decision }: Routed): void {
    // A request in transit is not for this gateway's domains: validated as a proxy (§16.3).
    const target =
      decision.kind === 'local' ? classifyRequestTarget(request.uri, this.options.identity) : FOREIGN;
    const rejection = validateRequest(request, {
      target,
      isOwnVia: this.options.isOwnVia,
      supportedOptionTags: SUPPORTED_OPTION_TAGS,
    });
    const disposition = rejection
      ? ({ kind: 'reject', rejection } as const)
      : dispatchRequest(request, target, decision);
    switch (disposition.kind) {
      case 'reject':
        this.#reject(transaction, disposition.rejection);
        break;
      case 'answerOptions':
        this.#answer(transaction, answerOptions(request, newTag()));
        break;
      case 'invoke':
        void this.#invoke(transaction, request, disposition.handler);
        break;
      case 'forward':
        this.#forwarder?.forward(transaction, request, disposition);
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
    // RFC 3261 §9.2 / §16.10: answer the CANCEL with 200 and the INVITE with 487 unless it has a final
    // response, then cancel every pending branch of the INVITE.
    this.#answer(cancel, createResponse(cancel.request, 200, 'OK', { toTag: newTag() }));
    this.#reject(invite, { code: 'requestTerminated' });
    this.#forwarder?.cancel(invite, getHeaderValue(cancel.request, 'reason'));
  }

  /** An ACK for a 2xx (RFC 3261 §13.2.2.4) in transit is forwarded statelessly (§16.11); others dropped. */
  onAckWithoutTransaction(ack: SipRequest, origin: RequestOrigin): void {
    const routed = this.#route(ack, origin);
    if (routed.decision.kind === 'locate') {
      void this.#located(routed.request, routed.decision).then((located) =>
        this.#forwardAck(ack, origin, located),
      );
      return;
    }
    this.#forwardAck(ack, origin, { request: routed.request, decision: routed.decision });
  }

  #forwardAck(ack: SipRequest, origin: RequestOrigin, { request, decision }: Routed): void {
    if (decision.kind === 'forward' && request.base.maxForwards !== 0) {
      this.#forwarder?.forwardAck(request, decision);
      return;
    }
    this.options.logger.debug(
      { callId: ack.base.callId, source: origin.flow.remote },
      'ACK without transaction',
    );
  }

  onServerEvent(transaction: ServerTransaction<RequestOrigin>, event: ServerTransactionEvent): void {
    // RFC 6026 §7.1: an ACK matching an INVITE in Accepted (an RFC 2543 client reusing the branch).
    if (event.kind === 'ack') this.onAckWithoutTransaction(event.ack, transaction.origin);
    this.options.logger.debug(
      { callId: transaction.request.base.callId, event: event.kind },
      'server transaction event',
    );
  }

  /**
   * A response matching no client transaction is not forwarded: RFC 6026 §1 "forbids forwarding stray
   * responses to INVITE requests (not just 2xx responses), which RFC 3261 requires" (§16.7). A 2xx and
   * its retransmissions reach the caller while the branch's client transaction is Accepted (RFC 6026
   * §7.2, Timer M); a callee never ACKed gives up and ends the call with BYE (RFC 3261 §13.3.1.4).
   */
  onStrayResponse(response: SipResponse): void {
    this.options.logger.debug(
      { callId: response.base.callId, status: response.status, method: response.base.cseq.method },
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

  /** RFC 3261 §16.4 then the route decision; a malformed Route is refused with 400. */
  #route(request: SipRequest, origin: RequestOrigin): Routed<RouteDecision | LocateRoute> {
    const { gatewaySecret, lookupFlow } = this.options;
    const preprocessed = preprocessRoute(request, this.#isOwnUri);
    if (!preprocessed.ok) return { request, decision: { kind: 'reject', code: 'badRouteHeader' } };
    const decision = decideRoute(preprocessed.value, {
      secret: gatewaySecret,
      self: this.#self(),
      arrival: origin.flow,
      responseTarget: origin.responseTarget,
      lookupFlow,
    });
    return { request: preprocessed.value.request, decision };
  }

  /** A route whose next hop is a host name, with its servers (RFC 3263 §4, bounded by the DNS settings). */
  async #located(request: SipRequest, decision: LocateRoute): Promise<Routed> {
    return { request, decision: await resolveRoute(decision, this.#locate) };
  }

  /** A URI naming this instance's relay address, as the relay Routes of the edge's other instances do. */
  #isRelayUri(uri: Uri): uri is SipUri {
    const self = this.#self();
    return 'host' in uri && normalizeAddress(uri.host) === self.address && uri.port === self.port;
  }

  /** Where the edge's other instances reach this one: its relay address. */
  #self(): Endpoint {
    return {
      address: normalizeAddress(this.options.config.instanceAddress),
      port: this.options.portFor('tcp'),
    };
  }

  async #invoke(
    transaction: ServerTransaction<RequestOrigin>,
    request: SipRequest,
    handler: HandlerName,
  ): Promise<void> {
    const { origin } = transaction;
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
      raw: Buffer.from(origin.raw).toString('latin1'),
      transport: origin.flow.protocol,
      source: { address: origin.flow.remote.address, port: origin.flow.remote.port },
      edge: config.edge,
      instanceId: config.instanceId,
      relayAddress: formatHostPort(this.#self()),
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
    if (outcome.ok && outcome.result.action === 'proxy' && handler === 'route') {
      this.#guard.learn(request, sourceIp, outcome.result, Date.now());
      this.#dials?.dial(transaction, request, outcome.result);
      return;
    }
    const failure = outcome.ok ? 'bad-result' : outcome.failure;
    this.options.logger.warn(
      {
        callId: request.base.callId,
        handler,
        failure,
        detail: outcome.ok ? `${outcome.result.action} without response` : outcome.detail,
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

  /**
   * Sends a response on a server transaction: one final response, except that an INVITE may get
   * every 2xx of a fork (RFC 6026 §4); a 2xx the transaction can no longer carry is sent statelessly
   * (RFC 3261 §16.7 step 9).
   */
  #answer(transaction: ServerTransaction<RequestOrigin>, response: SipResponse): void {
    const { request, origin } = transaction;
    const success = response.status >= 200 && response.status < 300;
    const prior = this.#finals.get(transaction);
    if (prior !== undefined && !(success && prior === 'success' && request.method === 'INVITE')) {
      if (success && request.method === 'INVITE')
        void this.#transactions?.sendResponseStateless(response, origin);
      return;
    }
    if (response.status >= 200) this.#finals.set(transaction, success ? 'success' : 'failure');
    const sent = this.#transactions?.sendResponse(transaction, response);
    if (sent && !sent.ok && success) void this.#transactions?.sendResponseStateless(response, origin);
    const fields = {
      callId: request.base.callId,
      method: request.method,
      source: `${origin.flow.protocol}:${origin.flow.remote.address}:${origin.flow.remote.port}`,
      status: response.status,
      ...(sent && !sent.ok ? { error: sent.error } : {}),
    };
    // OPTIONS pings and REGISTER refreshes come from every device all the time: debug level only.
    if (request.method === 'OPTIONS' || request.method === 'REGISTER')
      this.options.logger.debug(fields, 'response');
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
