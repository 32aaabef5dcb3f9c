import twilio from 'twilio';
import type { ReceivedRequest, Responder, TwimlServer } from '../webhook/twiml-server.js';
import { startTwimlServer } from '../webhook/twiml-server.js';

export { HANGUP, twiml } from '../webhook/twiml-server.js';

/** The customer's web server: responders are added per test under distinct paths. */
export interface CustomerWeb {
  readonly server: TwimlServer;
  readonly baseUrl: string;
  on(path: string, responder: Responder): string;
  /** The requests made to `path`, oldest first. */
  requestsTo(path: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startCustomerWeb(): Promise<CustomerWeb> {
  const routes: Record<string, Responder> = {};
  const server = await startTwimlServer(routes);
  return {
    server,
    baseUrl: server.baseUrl,
    on(path, responder) {
      routes[path] = responder;
      return `${server.baseUrl}${path}`;
    },
    requestsTo: (path) => server.requests.filter((r) => new URL(r.url).pathname === path),
    close: () => server.close(),
  };
}

/** The form parameters of a request (POST body or GET query). */
export function formOf(request: ReceivedRequest): Record<string, string> {
  const source = request.method === 'GET' ? new URL(request.url).search : request.body;
  return Object.fromEntries(new URLSearchParams(source));
}

/** Whether Twilio's own validator accepts the request's X-Twilio-Signature (reference §4.2). */
export function signatureValid(request: ReceivedRequest, authToken: string): boolean {
  const signature = String(request.headers['x-twilio-signature']);
  const params = request.method === 'GET' ? {} : formOf(request);
  return twilio.validateRequest(authToken, signature, request.url, params);
}

/** Answers every request with an HTTP status and no TwiML. */
export const status =
  (code: number): Responder =>
  (_request, response) =>
    response.writeHead(code, { 'Content-Type': 'text/plain' }).end(`status ${code}`);

/** `<Response>…</Response>` */
export const response = (verbs: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs}</Response>`;
