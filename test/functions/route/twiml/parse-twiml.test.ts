import { describe, expect, it } from 'vitest';
import { parseTwiml } from '#functions/route/twiml/parse-twiml.js';
import type { DialVerb, SipNoun, TwimlDocument } from '#functions/route/twiml/twiml-document.js';
import { TWIML_ERRORS, type TwimlErrorCode } from '#functions/route/twiml/twiml-errors.js';
import { DEFAULT_TWIML_LIMITS } from '#functions/route/twiml/twiml-limits.js';

function parsed(xml: string): TwimlDocument {
  const result = parseTwiml(xml);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  return result.value;
}

function failure(xml: string): TwimlErrorCode {
  const result = parseTwiml(xml);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.value)}`);
  return result.error.code;
}

const response = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`;

function dial(body: string, attributes = ''): DialVerb {
  const verb = parsed(response(`<Dial ${attributes}>${body}</Dial>`)).verbs[0];
  if (verb?.kind !== 'dial') throw new Error(`not a dial: ${JSON.stringify(verb)}`);
  return verb;
}

function sip(text: string, attributes = ''): SipNoun {
  const noun = dial(`<Sip ${attributes}>${text}</Sip>`).nouns[0];
  if (noun.kind !== 'sip') throw new Error('not a sip noun');
  return noun;
}

describe('TwiML document', () => {
  it('keeps the verbs in document order', () => {
    const doc = parsed(
      response(
        '<Pause length="2"/><Say>hi</Say><Dial>+14155550100</Dial><Redirect>/next</Redirect><Hangup/>',
      ),
    );
    expect(doc.verbs.map((v) => v.kind)).toEqual(['pause', 'unsupported', 'dial', 'redirect', 'hangup']);
  });

  it('accepts an empty <Response/> (no verbs: the call ends)', () => {
    expect(parsed('<Response/>')).toEqual({ verbs: [] });
  });

  it('MUST report a document that is not well-formed XML as 12100', () => {
    for (const xml of ['', 'hello', '<Response>', '<Response><Say>x</Response>', '<Response/><Response/>']) {
      expect(failure(xml), xml).toBe('documentParseFailure');
    }
    expect(TWIML_ERRORS.documentParseFailure.twilioCode).toBe(12100);
  });

  it('MUST refuse a root other than <Response> (12102); verb names are case-sensitive', () => {
    expect(failure('<response><Hangup/></response>')).toBe('rootNotResponse');
    expect(failure('<Dial>+14155550100</Dial>')).toBe('rootNotResponse');
    expect(TWIML_ERRORS.rootNotResponse.twilioCode).toBe(12102);
    expect(failure(response('<hangup/>'))).toBe('schemaValidation');
  });

  it('MUST report an unknown verb or stray text as a schema validation warning (12200)', () => {
    expect(failure(response('<Dance/>'))).toBe('schemaValidation');
    expect(failure(response('hello<Hangup/>'))).toBe('schemaValidation');
    expect(TWIML_ERRORS.schemaValidation.twilioCode).toBe(12200);
  });

  it('ignores comments, processing instructions and unknown attributes', () => {
    expect(parsed(response('<!-- note --><?php x ?><Hangup foo="bar"/>'))).toEqual({
      verbs: [{ kind: 'hangup' }],
    });
  });

  it('MUST parse verbs that need a media server as unsupported, naming the verb', () => {
    for (const verb of [
      'Say',
      'Play',
      'Gather',
      'Record',
      'Enqueue',
      'Leave',
      'Stream',
      'Connect',
      'Refer',
      'Sms',
    ]) {
      expect(parsed(response(`<${verb}>x</${verb}>`)).verbs).toEqual([{ kind: 'unsupported', verb }]);
    }
    for (const verb of ['Message', 'Echo', 'Conference', 'Queue']) {
      expect(parsed(response(`<${verb}/>`)).verbs).toEqual([{ kind: 'unsupported', verb }]);
    }
    expect(parsed(response('<Dial><Conference>room</Conference></Dial>')).verbs).toEqual([
      { kind: 'unsupported', verb: 'Conference' },
    ]);
    expect(parsed(response('<Dial><Queue>support</Queue></Dial>')).verbs).toEqual([
      { kind: 'unsupported', verb: 'Queue' },
    ]);
  });
});

describe('<Reject>, <Hangup>, <Redirect>, <Pause>', () => {
  it('MUST default <Reject> reason to rejected and accept busy (reference §3: 404 / 486)', () => {
    expect(parsed(response('<Reject/>')).verbs).toEqual([{ kind: 'reject', reason: 'rejected' }]);
    expect(parsed(response('<Reject reason="busy"/>')).verbs).toEqual([{ kind: 'reject', reason: 'busy' }]);
    expect(failure(response('<Reject reason="later"/>'))).toBe('rejectInvalidReason');
  });

  it('reads <Hangup/>', () => {
    expect(parsed(response('<Hangup/>')).verbs).toEqual([{ kind: 'hangup' }]);
  });

  it('MUST read the <Redirect> URL and method (POST by default, 13710 otherwise)', () => {
    expect(parsed(response('<Redirect> https://example.com/next?a=1&amp;b=2 </Redirect>')).verbs).toEqual([
      { kind: 'redirect', url: 'https://example.com/next?a=1&b=2', method: 'POST' },
    ]);
    expect(parsed(response('<Redirect method="get">/next</Redirect>')).verbs).toEqual([
      { kind: 'redirect', url: '/next', method: 'GET' },
    ]);
    expect(failure(response('<Redirect method="PUT">/next</Redirect>'))).toBe('redirectInvalidMethod');
    expect(failure(response('<Redirect/>'))).toBe('schemaValidation');
  });

  it('MUST default <Pause> length to 1 second and refuse a non-integer (13910)', () => {
    expect(parsed(response('<Pause/>')).verbs).toEqual([{ kind: 'pause', lengthSeconds: 1 }]);
    expect(parsed(response('<Pause length="5"/>')).verbs).toEqual([{ kind: 'pause', lengthSeconds: 5 }]);
    for (const length of ['-1', '1.5', 'two']) {
      expect(failure(response(`<Pause length="${length}"/>`))).toBe('pauseInvalidLength');
    }
  });
});

describe('<Dial> attributes (reference §5.1)', () => {
  it('MUST apply Twilio defaults: timeout 30 s, timeLimit 14400 s, method POST, no action, no callerId', () => {
    expect(dial('+14155550100')).toEqual({
      kind: 'dial',
      callerId: null,
      timeoutSeconds: 30,
      timeLimitSeconds: 14_400,
      action: null,
      method: 'POST',
      nouns: [
        {
          kind: 'number',
          number: '+14155550100',
          statusCallback: null,
          statusCallbackEvents: [],
          statusCallbackMethod: 'POST',
        },
      ],
    });
  });

  it('reads callerId, timeout, timeLimit, action and method', () => {
    const verb = dial(
      '+14155550100',
      'callerId="+14155550199" timeout="20" timeLimit="60" action="/done" method="GET"',
    );
    expect(verb).toMatchObject({
      callerId: '+14155550199',
      timeoutSeconds: 20,
      timeLimitSeconds: 60,
      action: '/done',
      method: 'GET',
    });
  });

  it('MUST keep timeout within Twilio range 5–600 s', () => {
    expect(dial('+14155550100', 'timeout="1"').timeoutSeconds).toBe(5);
    expect(dial('+14155550100', 'timeout="5"').timeoutSeconds).toBe(5);
    expect(dial('+14155550100', 'timeout="600"').timeoutSeconds).toBe(600);
    expect(dial('+14155550100', 'timeout="9000"').timeoutSeconds).toBe(600);
  });

  it('MUST refuse invalid attribute values with the <Dial> codes (13210, 13212, 13214, 13216, 13219)', () => {
    const cases: Array<[string, TwimlErrorCode]> = [
      ['method="PUT"', 'dialInvalidMethod'],
      ['timeout="0"', 'dialInvalidTimeout'],
      ['timeout="ten"', 'dialInvalidTimeout'],
      ['timeLimit="-5"', 'dialInvalidTimeLimit'],
      ['callerId="a b"', 'dialInvalidCallerId'],
      ['answerOnBridge="yes"', 'dialInvalidAnswerOnBridge'],
    ];
    for (const [attributes, code] of cases) {
      expect(failure(response(`<Dial ${attributes}>+14155550100</Dial>`)), attributes).toBe(code);
    }
    expect(TWIML_ERRORS.dialInvalidTimeout.twilioCode).toBe(13212);
  });

  it('accepts answerOnBridge (always in effect), record and other attributes it does not act on', () => {
    expect(dial('+14155550100', 'answerOnBridge="true" record="record-from-answer" ringTone="us"').kind).toBe(
      'dial',
    );
    expect(dial('+14155550100', 'answerOnBridge="false"').kind).toBe('dial');
  });

  it('accepts a SIP callerId: alphanumeric with + - _ .', () => {
    expect(dial('+14155550100', 'callerId="alice_smith-1.2"').callerId).toBe('alice_smith-1.2');
  });
});

describe('<Dial> nouns', () => {
  it('MUST read a bare text body as one <Number>, separators removed', () => {
    expect(dial(' +1 (415) 555-0100 ').nouns).toMatchObject([{ kind: 'number', number: '+14155550100' }]);
  });

  it('MUST refuse a number that is not E.164 (13223)', () => {
    expect(failure(response('<Dial>4155550100</Dial>'))).toBe('numberInvalidFormat');
    expect(failure(response('<Dial><Number>+0123</Number></Dial>'))).toBe('numberInvalidFormat');
    expect(TWIML_ERRORS.numberInvalidFormat.twilioCode).toBe(13223);
  });

  it('reads <Number>, <Client> and <Sip> nouns in order with their status callbacks', () => {
    const verb = dial(
      '<Number statusCallback="https://cb.example/n" statusCallbackEvent="ringing answered">+14155550100</Number>' +
        '<Client>alice</Client>' +
        '<Client><Identity>bob</Identity><Parameter name="k" value="v"/></Client>' +
        '<Sip statusCallback="/s" statusCallbackMethod="GET">sip:carol@example.com</Sip>',
    );
    expect(verb.nouns.map((n) => n.kind)).toEqual(['number', 'client', 'client', 'sip']);
    expect(verb.nouns[0]).toMatchObject({
      statusCallback: 'https://cb.example/n',
      statusCallbackEvents: ['ringing', 'answered'],
      statusCallbackMethod: 'POST',
    });
    expect(verb.nouns[1]).toMatchObject({
      identity: 'alice',
      statusCallback: null,
      statusCallbackEvents: [],
    });
    expect(verb.nouns[2]).toMatchObject({ identity: 'bob' });
    // statusCallback without statusCallbackEvent reports `completed` only (reference §5.2).
    expect(verb.nouns[3]).toMatchObject({
      statusCallback: '/s',
      statusCallbackEvents: ['completed'],
      statusCallbackMethod: 'GET',
    });
  });

  it('MUST refuse an unknown status callback event, a bad callback method and an empty client', () => {
    expect(failure(response('<Dial><Sip statusCallbackEvent="rung">sip:a@b.com</Sip></Dial>'))).toBe(
      'schemaValidation',
    );
    expect(failure(response('<Dial><Sip statusCallbackMethod="PUT">sip:a@b.com</Sip></Dial>'))).toBe(
      'sipInvalidMethod',
    );
    expect(failure(response('<Dial><Number statusCallbackMethod="X">+14155550100</Number></Dial>'))).toBe(
      'numberInvalidMethod',
    );
    expect(failure(response('<Dial><Client> </Client></Dial>'))).toBe('schemaValidation');
  });

  it(`MUST accept up to ${DEFAULT_TWIML_LIMITS.maxDialNouns} nouns and refuse more (Twilio limit)`, () => {
    const nouns = (n: number) =>
      Array.from({ length: n }, (_, i) => `<Sip>sip:u${i}@example.com</Sip>`).join('');
    expect(dial(nouns(10)).nouns).toHaveLength(10);
    expect(failure(response(`<Dial>${nouns(11)}</Dial>`))).toBe('schemaValidation');
  });

  it('MUST refuse a <Dial> with nothing to dial, a foreign noun, or text mixed with nouns (13215)', () => {
    expect(failure(response('<Dial/>'))).toBe('schemaValidation');
    expect(failure(response('<Dial><Say>hi</Say></Dial>'))).toBe('dialInvalidNestedElement');
    expect(failure(response('<Dial>+14155550100<Sip>sip:a@b.com</Sip></Dial>'))).toBe(
      'dialInvalidNestedElement',
    );
  });
});

describe('<Sip> noun (reference §5.2)', () => {
  it('reads the URI, keeping its parameters (transport)', () => {
    const noun = sip(' sip:alice@example.com:5080;transport=tcp ');
    expect(noun.uri).toMatchObject({
      scheme: 'sip',
      user: 'alice',
      host: 'example.com',
      port: 5080,
      params: [['transport', 'tcp']],
      headers: [],
    });
    expect(noun.headers).toEqual([]);
    expect(noun).toMatchObject({ username: null, password: null });
  });

  it('accepts sips: URIs', () => {
    expect(sip('sips:alice@example.com').uri.scheme).toBe('sips');
  });

  it('MUST move URI headers to headers for the INVITE, %-decoded, names preserved', () => {
    const noun = sip(
      'sip:bob@example.com?X-Foo=bar&amp;X-Bar=baz&amp;User-to-User=123456789%3Bencoding%3Dhex',
    );
    expect(noun.headers).toEqual([
      { name: 'X-Foo', value: 'bar' },
      { name: 'X-Bar', value: 'baz' },
      { name: 'User-to-User', value: '123456789;encoding=hex' },
    ]);
    expect(noun.uri.headers).toEqual([]);
  });

  it('reads username and password, which go together (13249)', () => {
    expect(sip('sip:bob@example.com', 'username="bob" password="s3cret"')).toMatchObject({
      username: 'bob',
      password: 's3cret',
    });
    expect(failure(response('<Dial><Sip username="bob">sip:bob@example.com</Sip></Dial>'))).toBe(
      'sipInvalidCredentials',
    );
    expect(failure(response('<Dial><Sip password="x">sip:bob@example.com</Sip></Dial>'))).toBe(
      'sipInvalidCredentials',
    );
  });

  const sipFailure = (text: string) => failure(response(`<Dial><Sip>${text}</Sip></Dial>`));

  it('MUST refuse what is not a sip/sips URI (13243)', () => {
    for (const text of [
      '',
      'tel:+14155550100',
      'https://example.com',
      'sip:',
      'sip:bob@exa mple.com',
      'bob',
    ]) {
      expect(sipFailure(text), text).toBe('sipInvalidUri');
    }
    expect(sipFailure('sip:bob@example.com;transport=sctp')).toBe('sipInvalidUri');
  });

  it('MUST refuse a URI of 255 characters or more (without its headers)', () => {
    const host = (length: number) => `${'a'.repeat(length - 'sip:@.com'.length - 1)}.com`;
    const uri = (length: number) => `sip:b@${host(length)}`;
    expect(uri(254)).toHaveLength(254);
    expect(sip(uri(254)).uri.host).toBe(host(254));
    expect(sipFailure(uri(255))).toBe('sipInvalidUri');
    expect(sip(`${uri(254)}?X-A=${'v'.repeat(500)}`).headers).toHaveLength(1);
  });

  it('MUST refuse a headers part of 1024 characters or more (21227)', () => {
    const headers = (length: number) => `X-A=${'v'.repeat(length - 4)}`;
    expect(sip(`sip:b@example.com?${headers(1023)}`).headers[0]?.value).toHaveLength(1019);
    expect(sipFailure(`sip:b@example.com?${headers(1024)}`)).toBe('sipHeadersTooLong');
    expect(TWIML_ERRORS.sipHeadersTooLong.twilioCode).toBe(21227);
  });

  it('MUST only pass X- headers and UUI (13252) and never X-Twilio* (32113)', () => {
    expect(sipFailure('sip:b@example.com?Subject=hi')).toBe('sipInvalidHeaderName');
    expect(sipFailure('sip:b@example.com?Via=x')).toBe('sipInvalidHeaderName');
    expect(sipFailure('sip:b@example.com?X-Twilio-CallSid=CA1')).toBe('sipHeaderNotAllowed');
    expect(sipFailure('sip:b@example.com?x-twilio=1')).toBe('sipHeaderNotAllowed');
    expect(TWIML_ERRORS.sipHeaderNotAllowed.twilioCode).toBe(32113);
    expect(sip('sip:b@example.com?P-Called-Party-ID=%3Csip:x%40y%3E').headers).toEqual([
      { name: 'P-Called-Party-ID', value: '<sip:x@y>' },
    ]);
  });

  it('MUST refuse header names and values that would break the INVITE (21228, 21229)', () => {
    expect(sipFailure('sip:b@example.com?X-A%0D%0AVia=1')).toBe('sipHeaderNameIllegalChars');
    expect(sipFailure('sip:b@example.com?X-A=1%0D%0AVia:%20x')).toBe('sipHeaderValueIllegalChars');
    expect(sipFailure('sip:b@example.com?X-A=%00')).toBe('sipHeaderValueIllegalChars');
  });
});
