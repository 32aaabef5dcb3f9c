import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from '#functions/shared/twiml-bin/render-template.js';

const render = (template: string, params: Record<string, string> = {}) =>
  renderTemplate(template, new URLSearchParams(params));

describe('TwiML Bin templates (reference §5.7)', () => {
  it('MUST replace {{Name}} with the request parameter of that name', () => {
    expect(render('<Say>Hi {{Name}}, it is {{ Date }}</Say>', { Name: 'Jane', Date: 'Friday' })).toEqual({
      ok: true,
      value: '<Say>Hi Jane, it is Friday</Say>',
    });
  });

  it('MUST render a missing parameter as empty text', () => {
    expect(render('<Say>[{{Missing}}]</Say>')).toEqual({ ok: true, value: '<Say>[]</Say>' });
  });

  it('MUST XML-escape parameter values (Mustache {{x}} escapes), so a value cannot inject TwiML', () => {
    const value = "\"><Hangup/><Say a='1'>&amp;";
    const out = render('<Dial callerId="{{From}}">{{From}}</Dial>', { From: value });
    expect(out).toEqual({
      ok: true,
      value:
        '<Dial callerId="&quot;&gt;&lt;Hangup/&gt;&lt;Say a=&apos;1&apos;&gt;&amp;amp;">' +
        '&quot;&gt;&lt;Hangup/&gt;&lt;Say a=&apos;1&apos;&gt;&amp;amp;</Dial>',
    });
  });

  it('drops characters XML 1.0 does not allow (§2.2), which would make the document unparseable', () => {
    expect(render('<Say>{{X}}</Say>', { X: 'a\u0000b\u001bc\td' })).toEqual({
      ok: true,
      value: '<Say>abc\td</Say>',
    });
  });

  it('MUST extract the E.164 number of a SIP URI with {{#e164}} (reference §5.7 example)', () => {
    const template = '<Dial callerId="{{#e164}}{{From}}{{/e164}}">{{#e164}}{{To}}{{/e164}}</Dial>';
    expect(
      render(template, {
        From: 'sip:+15125551212@acme.sip.localhost',
        To: 'sip:14155551212@acme.sip.localhost;user=phone',
      }),
    ).toEqual({ ok: true, value: '<Dial callerId="+15125551212">+14155551212</Dial>' });
  });

  it('{{#e164}} renders its inside first: literal text and parameters together', () => {
    expect(
      render('{{#e164}}sip:{{User}}@{{Host}}{{/e164}}', { User: '+4930123456', Host: 'x.sip.localhost' }),
    ).toEqual({ ok: true, value: '+4930123456' });
  });

  it('{{#e164}} keeps a non-numeric user part unchanged, escaped', () => {
    expect(render('{{#e164}}{{To}}{{/e164}}', { To: 'sip:alice@acme.sip.localhost' })).toEqual({
      ok: true,
      value: 'alice',
    });
    expect(render('{{#e164}}{{To}}{{/e164}}', { To: 'not <a> uri' })).toEqual({
      ok: true,
      value: 'not &lt;a&gt; uri',
    });
  });

  it('looks parameters up by name only: prototype names are ordinary (absent) parameters', () => {
    expect(render('[{{__proto__}}][{{constructor}}][{{toString}}]')).toEqual({ ok: true, value: '[][][]' });
    expect(render('[{{constructor}}]', { constructor: 'x' })).toEqual({ ok: true, value: '[x]' });
  });

  it('takes the first value of a repeated parameter', () => {
    expect(renderTemplate('{{A}}', new URLSearchParams('A=1&A=2'))).toEqual({ ok: true, value: '1' });
  });

  it('accepts SIP header parameter names (SipHeader_X-…)', () => {
    expect(render('{{SipHeader_X-Route.Id}}', { 'SipHeader_X-Route.Id': 'r1' })).toEqual({
      ok: true,
      value: 'r1',
    });
  });

  it.each([
    ['{{#Items}}x{{/Items}}', 'unsupported tag'],
    ['{{{Raw}}}', 'unsupported tag'],
    ['{{! comment }}', 'unsupported tag'],
    ['{{> partial}}', 'unsupported tag'],
    ['{{}}', 'unsupported tag'],
    ['<Say>{{Name</Say>', 'never closed'],
    ['{{#e164}}{{To}}', 'never closed'],
    ['{{To}}{{/e164}}', 'without'],
  ])('refuses the template %s', (template, message) => {
    const parsed = parseTemplate(template);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(message);
  });

  it('MUST refuse a template over 4000 characters (Twilio Twiml limit, 32018)', () => {
    expect(parseTemplate('x'.repeat(4000)).ok).toBe(true);
    expect(parseTemplate('x'.repeat(4001))).toEqual({
      ok: false,
      error: 'Twiml must be at most 4000 characters',
    });
  });

  it('MUST refuse to render more than 64 kB (Twilio 11750), however parameters multiply', () => {
    const limits = { maxTemplateChars: 4000, maxRenderedChars: 100 };
    const template = '{{A}}'.repeat(20);
    expect(renderTemplate(template, new URLSearchParams({ A: '12345' }), limits).ok).toBe(true);
    expect(renderTemplate(template, new URLSearchParams({ A: '123456' }), limits)).toEqual({
      ok: false,
      error: 'rendered TwiML is longer than 100 characters',
    });
    expect(
      renderTemplate('{{#e164}}{{A}}{{/e164}}', new URLSearchParams({ A: 'x'.repeat(101) }), limits).ok,
    ).toBe(false);
  });
});
