import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { type HandlerEvent, type HandlerName, isHandlerResult } from '../contract/handler-events.js';
import type { IHandlerInvoker, InvokeOutcome, InvokerLimits } from './handler-invoker.js';
import { runWithDeadline } from './run-with-deadline.js';

/** Errors that another attempt cannot fix; anything else (throttling, network, 5xx) is retried. */
const PERMANENT = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'InvalidParameterValueException',
  'InvalidRequestContentException',
  'RequestTooLargeException',
  'UnrecognizedClientException',
]);

/** Invokes the edge's handler functions through the Lambda Invoke API (RequestResponse). */
export class LambdaInvoker implements IHandlerInvoker {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionNames: Partial<Record<HandlerName, string>>,
    private readonly limits: InvokerLimits,
  ) {}

  async invoke(event: HandlerEvent): Promise<InvokeOutcome> {
    const functionName = this.functionNames[event.handler];
    if (!functionName)
      return { ok: false, failure: 'not-configured', detail: `no ${event.handler} function` };
    const payload = new TextEncoder().encode(JSON.stringify(event));
    return runWithDeadline(this.limits, async (abortSignal) => {
      try {
        const out = await this.client.send(
          new InvokeCommand({ FunctionName: functionName, Payload: payload }),
          { abortSignal },
        );
        const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
        if (out.FunctionError) return { ok: false, failure: 'handler-error', detail: text.slice(0, 500) };
        const result: unknown = text ? JSON.parse(text) : undefined;
        return isHandlerResult(result)
          ? { ok: true, result }
          : { ok: false, failure: 'bad-result', detail: 'result does not match the handler contract' };
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        const failure = PERMANENT.has(name) ? 'handler-error' : 'unavailable';
        return { ok: false, failure, detail: String(error) };
      }
    });
  }
}
