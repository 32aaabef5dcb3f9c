import { describe, expect, it } from 'vitest';
import { parseTwiml } from '#functions/route/twiml/parse-twiml.js';

const errorCode = (xml: string) => {
  const result = parseTwiml(xml);
  return result.ok ? null : result.error.code;
};

describe('XML entities and hostile documents', () => {
  it('MUST decode the predefined entities and character references (XML 1.0 §4.1, §4.6)', () => {
    const result = parseTwiml(
      '<Response><Redirect>/a?x=&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</Redirect></Response>',
    );
    expect(result).toEqual({
      ok: true,
      value: { verbs: [{ kind: 'redirect', url: `/a?x=<>&'"AB😀`, method: 'POST' }] },
    });
  });

  it('MUST decode entities in attribute values', () => {
    const result = parseTwiml('<Response><Dial action="/d?a=1&amp;b=2">+14155550100</Dial></Response>');
    expect(result.ok && result.value.verbs[0]).toMatchObject({ action: '/d?a=1&b=2' });
  });

  it('MUST keep CDATA literal', () => {
    const result = parseTwiml('<Response><Redirect><![CDATA[/a?b=1&amp;c=2]]></Redirect></Response>');
    expect(result.ok && result.value.verbs[0]).toMatchObject({ url: '/a?b=1&amp;c=2' });
  });

  it('MUST refuse an undeclared entity, a bare & and an invalid character reference (12100)', () => {
    expect(errorCode('<Response><Redirect>/a?&nbsp;</Redirect></Response>')).toBe('documentParseFailure');
    expect(errorCode('<Response><Redirect>/a?b=1&c=2</Redirect></Response>')).toBe('documentParseFailure');
    expect(errorCode('<Response><Redirect>/a&#0;</Redirect></Response>')).toBe('documentParseFailure');
    expect(errorCode('<Response><Dial action="&foo;">+14155550100</Dial></Response>')).toBe(
      'documentParseFailure',
    );
    expect(errorCode('<Response><Dial action="<">+14155550100</Dial></Response>')).toBe(
      'documentParseFailure',
    );
  });

  it('MUST refuse a DOCTYPE: no entity expansion ("billion laughs")', () => {
    const lol = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      '<!ENTITY lol "lol">',
      ...Array.from({ length: 9 }, (_, i) => {
        const previous = i === 0 ? 'lol' : `lol${i}`;
        return `<!ENTITY lol${i + 1} "${`&${previous};`.repeat(10)}">`;
      }),
      ']>',
      '<Response><Redirect>&lol9;</Redirect></Response>',
    ].join('\n');
    const started = performance.now();
    expect(errorCode(lol)).toBe('documentParseFailure');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('MUST refuse a DOCTYPE: no external entities', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><Response><Redirect>&x;</Redirect></Response>';
    expect(errorCode(xxe)).toBe('documentParseFailure');
  });

  it('MUST refuse absurd nesting without exhausting the stack', () => {
    const deep = `<Response>${'<Dial>'.repeat(10_000)}${'</Dial>'.repeat(10_000)}</Response>`;
    expect(errorCode(deep)).toBe('documentParseFailure');
  });

  it('refuses element names that are JavaScript object keys, without touching prototypes', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(errorCode(`<Response><${name} ${name}="1"/></Response>`), name).not.toBeNull();
    }
    expect(Object.hasOwn({}, 'constructor')).toBe(false);
  });
});
