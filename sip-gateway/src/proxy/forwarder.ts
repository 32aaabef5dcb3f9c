import type { Logger } from 'pino';
import type { GatewayConfig } from '../config/gateway-config.js';
import type { ProxyResult, ProxyTarget } from '../contract/handler-events.js';
import type { LocateServers } from '../dns/locate-servers.js';
import { parseRouteEntry, parseUri } from '../message/index.js';
import { newTag } from '../message/random-token.js';
import type { SipRequest, SipResponse, Via } from '../message/types.js';
import type { Clock } from '../transaction/clock.js';
import type { TransactionLayer } from '../transaction/transaction-layer.js';
import type { ServerTransaction } from '../transaction/transaction-user.js';
import type { Endpoint, Flow, SendTarget, TransportProtocol } from '../transport/transport.js';
import { type AnsweredCall, AnsweredCalls } from './answered-calls.js';
import { buildBye, type DialogLeg, dialogLegs } from './build-bye.js';
import { withCSeqOffset } from './cseq-offset.js';
import { deriveBranch, MAGIC_COOKIE } from './derive-branch.js';
import { type BranchSpec, type ForkListener, ForkSession, type UnansweredFork } from './fork-session.js';
import { forwardRequest, ownVia } from './forward-request.js';
import { sameEndpoint } from './host-port.js';
import { branchHop } from './next-hop.js';
import type { IsOwnUri } from './preprocess-route.js';
import { type RouteSide, recordRouteValues, relayRouteValue } from './record-route.js';
import type { RequestOrigin } from './request-origin.js';
import { type ForwardRoute, withoutFlowId } from './route-decision.js';
import { forwardableFinal } from './select-best-response.js';

type Transaction = ServerTransaction<RequestOrigin>;

export interface ForwarderOptions {
  readonly config: GatewayConfig;
  readonly transactions: TransactionLayer<RequestOrigin, SendTarget>;
  readonly clock: Clock;
  /** Epoch milliseconds, for the times reported to handlers. */
  readonly nowMs: () => number;
  readonly secret: Uint8Array;
  readonly isOwnUri: IsOwnUri;
  readonly portFor: (protocol: TransportProtocol) => number;
  /** This instance's relay address (the owner its tokens name, the sent-by of its relays). */
  readonly self: () => Endpoint;
  /** RFC 3263: the servers of a SIP URI, in the order to try them. */
  readonly locate: LocateServers;
  readonly lookupFlow: (flowId: string) => Flow | undefined;
  /** Sends a response on a server transaction (the core keeps one final, but lets every 2xx through). */
  readonly respond: (transaction: Transaction, response: SipResponse) => void;
  readonly logger: Logger;
}

/** What the gateway core hears about a `<Dial>` it started. */
export interface DialObserver {
  /** No branch answered (RFC 3261 §16.7 steps 6–7 chose `best`). */
  unanswered(result: UnansweredFork): void;
  /** The answered call ended: a BYE passed, or the time limit hung it up. */
  callEnded(call: AnsweredCall, endedAtMs: number): void;
}

/** RFC 3326: why this gateway itself ended a call (the `<Dial timeLimit>` exception to proxying). */
const TIME_LIMIT_REASON = 'SIP;text="Call time limit reached"';

/**
 * The stateful forwarding of the gateway (RFC 3261 §16.6–§16.11): `<Dial>` forks, requests in
 * transit (relayed initial requests and in-dialog requests), stateless ACK forwarding, CANCEL, and
 * the answered calls it watches for their end.
 */
export class Forwarder {
  readonly #options: ForwarderOptions;
  readonly #sessions = new Map<string, ForkSession>();
  readonly #calls: AnsweredCalls;
  #nextFork = 0;

  constructor(options: ForwarderOptions) {
    this.#options = options;
    this.#calls = new AnsweredCalls(options.clock, (call) => this.#hangUp(call));
  }

  /** Fork `request` to the dial's targets (RFC 3261 §16.5–§16.6), each on its own client transaction. */
  dial(transaction: Transaction, request: SipRequest, dial: ProxyResult, observer: DialObserver): void {
    const { config, respond } = this.#options;
    const session = this.#session(transaction, request, {
      provisional: (response) => respond(transaction, response),
      answered: (response, branch, first) => {
        respond(transaction, response);
        if (first) this.#track(transaction, request, response, branch, dial, observer);
      },
      ended: (result) => observer.unanswered(result),
    });
    // RFC 3263: each target's servers are located before its client transaction starts; a CANCEL
    // meanwhile ends the session before it rings.
    const specs = dial.targets
      .slice(0, config.maxBranchesPerCall)
      .map((target) => this.#dialBranch(transaction, request, target, dial.callerId));
    void Promise.all(specs).then(
      (ready) => session.start(ready, dial.delayMs ?? 0, dial.timeoutSec > 0 ? dial.timeoutSec * 1000 : null),
      (error: unknown) => {
        this.#options.logger.error({ err: error }, 'locating the dial targets failed');
        session.start([], 0, null);
      },
    );
  }

  /**
   * A request in transit (RFC 3261 §16.6 with the route set already processed): one branch, no
   * handler. A request handed to the instance owning its flow is not record-routed here: the owner
   * does, and later requests reach it through any instance of the edge.
   */
  forward(transaction: Transaction, request: SipRequest, route: ForwardRoute): void {
    const { respond, secret } = this.#options;
    const { arrivedOn, handOff } = route;
    const initial = request.method === 'INVITE' && request.base.to.tag === null && handOff === null;
    const renumbered = this.#renumber(request, route.cseqOffset);
    const pushRoutes = handOff === null ? [] : [relayRouteValue(handOff.owner, handOff, secret)];
    const attempt = (send: SendTarget) => ({
      request: forwardRequest(renumbered, {
        recordRoute: initial
          ? recordRouteValues(
              { protocol: transaction.origin.flow.protocol, hop: arrivedOn },
              sideOf(send),
              this.#routeContext(),
              request.base.from.tag,
            )
          : [],
        pushRoutes,
        addHeaders: [],
        via: handOff === null ? this.#via(request, send.protocol) : this.#relayVia(request),
        maxForwardsDefault: this.#options.config.maxForwardsDefault,
      }),
      send,
    });
    const session = this.#session(transaction, request, {
      provisional: (response) => respond(transaction, response),
      answered: (response) => respond(transaction, response),
      ended: ({ end, best }) => {
        if (end === 'caller-cancel' || best === null) return;
        respond(transaction, forwardableFinal(best, request, newTag()));
      },
    });
    session.start([{ ...attempt(route.send), alternates: route.alternates.map(attempt) }], 0, null);
  }

  /** RFC 3261 §16.11: an ACK for a 2xx (or any ACK in transit) is forwarded statelessly. */
  forwardAck(ack: SipRequest, route: ForwardRoute): void {
    const { send, handOff } = route;
    const { config, portFor, secret } = this.#options;
    // §16.11: the branch of a stateless forward is computed from the request, so retransmissions share it.
    const branch = deriveBranch(ack, 0);
    const forwarded = forwardRequest(this.#renumber(ack, route.cseqOffset), {
      recordRoute: [],
      pushRoutes: handOff === null ? [] : [relayRouteValue(handOff.owner, handOff, secret)],
      addHeaders: [],
      via:
        handOff === null
          ? ownVia(config.advertisedAddress, portFor(send.protocol), send.protocol, branch)
          : this.#relayVia(ack, branch),
      maxForwardsDefault: config.maxForwardsDefault,
    });
    void this.#options.transactions.sendRequestStateless(forwarded, send);
  }

  /** The caller's CANCEL (RFC 3261 §16.10): every pending branch of its INVITE is cancelled. */
  cancel(invite: Transaction, reason: string | null): void {
    this.#sessions.get(invite.id)?.cancel(reason);
  }

  /** Whether the caller's INVITE is still being forked (its final response not yet decided). */
  isRinging(invite: Transaction): boolean {
    return this.#sessions.get(invite.id)?.ringing ?? false;
  }

  #session(
    transaction: Transaction,
    request: SipRequest,
    listener: Omit<ForkListener, 'disposed'>,
  ): ForkSession {
    const { config, transactions, clock } = this.#options;
    const session: ForkSession = new ForkSession({
      request,
      transactions,
      clock,
      timerCMs: config.timerCMs,
      lingerMs: config.cancelledBranchLingerMs,
      newBranch: () => deriveBranch(request, this.#nextFork++),
      randomToken: newTag,
      listener: {
        ...listener,
        disposed: () => {
          if (this.#sessions.get(transaction.id) === session) this.#sessions.delete(transaction.id);
        },
      },
    });
    this.#sessions.set(transaction.id, session);
    return session;
  }

  /** One branch of a `<Dial>`: §16.6 steps 1–8 for the target, with its next hop (step 7). */
  async #dialBranch(
    transaction: Transaction,
    request: SipRequest,
    target: ProxyTarget,
    callerId?: string,
  ): Promise<BranchSpec> {
    const { config, secret, lookupFlow, locate, logger } = this.#options;
    const { instanceId, edge, zone } = config;
    const hop = await branchHop(target, { instanceId, edge, zone, lookupFlow, locate });
    if (hop.kind === 'unreachable') {
      if (hop.detail !== undefined)
        logger.info({ uri: target.uri, detail: hop.detail }, 'branch target not located');
      return { unreachable: hop.code };
    }
    const uri = parseUri(target.uri);
    if (!uri.ok) return { unreachable: 'unresolvableTarget' };
    const { flow, responseTarget } = transaction.origin;
    const inbound: RouteSide = {
      protocol: flow.protocol,
      hop: { flowId: flow.id, target: withoutFlowId(responseTarget) },
    };
    // A relay within the edge goes straight to the owner's relay address, from this instance's (#relayVia).
    const toOwner = hop.kind === 'relay' && sameEndpoint(hop.send, hop.token.owner);
    // One request per server: its Via, Record-Route and relay Route name the transport and port it goes to.
    const attempt = (send: SendTarget) => ({
      request: forwardRequest(request, {
        requestUri: uri.value,
        recordRoute: recordRouteValues(inbound, sideOf(send), this.#routeContext(), request.base.from.tag),
        pushRoutes: [
          ...(hop.kind === 'relay'
            ? [relayRouteValue({ address: hop.routeHost, port: send.port }, hop.token, secret)]
            : []),
          ...(target.path ?? []),
        ],
        addHeaders: target.headers ?? [],
        callerId,
        via: toOwner ? this.#relayVia(request) : this.#via(request, send.protocol),
        maxForwardsDefault: config.maxForwardsDefault,
      }),
      send,
    });
    return { ...attempt(hop.send), credentials: target.credentials, alternates: hop.alternates.map(attempt) };
  }

  /** The first 2xx made a call: watch it for its end and enforce `<Dial timeLimit>`. */
  #track(
    transaction: Transaction,
    request: SipRequest,
    answer: SipResponse,
    branch: { readonly request: SipRequest; readonly send: SendTarget },
    dial: ProxyResult,
    observer: DialObserver,
  ): void {
    const { config, isOwnUri, nowMs, logger } = this.#options;
    const legs = dialogLegs(request, branch.request, answer, isOwnUri);
    if (!legs.ok) {
      logger.warn({ callId: request.base.callId, error: legs.error }, 'answered call not tracked');
      return;
    }
    const call: AnsweredCall = {
      callId: request.base.callId,
      callerTag: request.base.from.tag,
      calleeTag: answer.base.to.tag,
      answeredAtMs: nowMs(),
      answer,
      toCallee: { ...legs.value.toCallee, send: branch.send },
      toCaller: { ...legs.value.toCaller, send: transaction.origin.responseTarget },
      callerCSeq: branch.request.base.cseq.seq,
      calleeCSeq: 0,
    };
    const limitSec =
      dial.timeLimitSec > 0
        ? Math.min(dial.timeLimitSec, config.maxCallDurationSec)
        : config.maxCallDurationSec;
    this.#calls.add(call, limitSec * 1000, (ended) => observer.callEnded(ended, nowMs()));
  }

  /** An in-dialog request numbered as its recipient expects (cseq-offset.ts), noted by its answered call. */
  #renumber(request: SipRequest, cseqOffset: number): SipRequest {
    const renumbered = withCSeqOffset(request, cseqOffset);
    this.#calls.observe(renumbered);
    return renumbered;
  }

  /** `<Dial timeLimit>` reached: this gateway sends BYE to both parties (RFC 3261 §15.1.1). */
  #hangUp(call: AnsweredCall): void {
    this.#sendBye(call.toCallee, call.callerCSeq + 1);
    this.#sendBye(call.toCaller, call.calleeCSeq + 1);
  }

  #sendBye(leg: DialogLeg & { readonly send: SendTarget }, cseq: number): void {
    void this.#byeTarget(leg).then((send) => this.#startBye(leg, cseq, send));
  }

  /** RFC 3261 §12.2.1.1: the first Route's servers (RFC 3263, a name included), else where the leg led. */
  async #byeTarget(leg: DialogLeg & { readonly send: SendTarget }): Promise<SendTarget> {
    const first = leg.routeSet[0];
    const entry = first === undefined ? null : parseRouteEntry(first);
    if (entry === null || !entry.ok) return leg.send;
    const located = await this.#options.locate(entry.value.uri);
    return located.ok ? located.value[0] : leg.send;
  }

  #startBye(leg: DialogLeg, cseq: number, send: SendTarget): void {
    const { config, portFor, transactions, logger } = this.#options;
    const branch = `${MAGIC_COOKIE}${newTag()}`;
    const via = ownVia(config.advertisedAddress, portFor(send.protocol), send.protocol, branch);
    const bye = buildBye(leg, cseq, via, TIME_LIMIT_REASON);
    if (!bye.ok) {
      logger.warn({ callId: leg.callId, error: bye.error }, 'time-limit BYE not built');
      return;
    }
    transactions.startClientTransaction(bye.value, send, send.protocol !== 'udp', () => {});
  }

  #via(request: SipRequest, protocol: TransportProtocol) {
    const { config, portFor } = this.#options;
    return ownVia(
      config.advertisedAddress,
      portFor(protocol),
      protocol,
      deriveBranch(request, this.#nextFork++),
    );
  }

  /**
   * The Via of a request handed to another instance of this edge: it names this instance's relay
   * address, not the edge's name the owner shares, so the owner neither takes it for its own
   * (RFC 3261 §16.3 step 4 loop detection) nor sends responses anywhere but here.
   */
  #relayVia(request: SipRequest, branch = deriveBranch(request, this.#nextFork++)): Via {
    const self = this.#options.self();
    return ownVia(self.address, self.port, 'tcp', branch);
  }

  #routeContext() {
    const { config, secret, portFor, self } = this.#options;
    return { secret, advertisedAddress: config.advertisedAddress, portFor, relay: self() };
  }
}

/** The outbound side of a branch: its transport and the flow (or endpoint) it leads to. */
function sideOf(send: SendTarget): RouteSide {
  return { protocol: send.protocol, hop: { flowId: send.flowId ?? null, target: withoutFlowId(send) } };
}
