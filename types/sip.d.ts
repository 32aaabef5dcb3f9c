/**
 * The parts of the untyped `sip` npm package (sip@0.0.6, devDependency) used by bench/parser-bench.ts.
 * `parse` returns undefined for input it cannot parse; URIs are left as strings until `parseUri`.
 */
declare module 'sip' {
  export interface SipJsAddress {
    readonly name?: string;
    readonly uri: string | SipJsUri;
    readonly params: Record<string, string | null>;
  }

  export interface SipJsUri {
    readonly schema: string;
    readonly user?: string;
    readonly password?: string;
    readonly host: string;
    readonly port: number;
    readonly params: Record<string, string | null>;
    readonly headers: Record<string, string>;
  }

  export interface SipJsMessage {
    readonly method?: string;
    readonly uri?: string;
    readonly status?: number;
    readonly reason?: string;
    readonly version: string;
    readonly headers: {
      readonly via?: readonly unknown[];
      readonly from?: SipJsAddress;
      readonly to?: SipJsAddress;
      readonly contact?: readonly SipJsAddress[] | '*';
      readonly [name: string]: unknown;
    };
    readonly content?: string;
  }

  export function parse(bytes: Buffer | string): SipJsMessage | undefined;
  export function parseUri(uri: string | SipJsUri): SipJsUri | undefined;

  const sip: { parse: typeof parse; parseUri: typeof parseUri };
  export default sip;
}
