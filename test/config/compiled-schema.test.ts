import { spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { validate } from '../../src/config/compiled-schema.js';

/** The schema compiled at run time, with the options scripts/compile-schema.js compiles it with. */
const runtime = new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(schema);

/** Values shaped like config files, right and wrong in every way the schema checks. */
const text = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', 'x'.repeat(201), '😀'.repeat(200), 'valid', 'invalid', 'keep', 'Valid'));
const anyValue = fc.oneof(text, fc.integer({ min: -5, max: 120 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.array(text, { maxLength: 2 }));
const channel = fc.dictionary(
  fc.constantFrom('name', 'group', 'availableToCustomerUsers', 'availableToPublicUsers', 'valid', 'comment', 'previousNames', 'nmae'),
  fc.oneof(anyValue, fc.array(fc.constantFrom('a', 'b', 'a'), { maxLength: 3 })),
);
const file = fc.dictionary(
  fc.constantFrom('version', 'settings', 'channels', 'reconcile', 'chanels'),
  fc.oneof(
    anyValue,
    fc.array(fc.oneof(channel, anyValue), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('ChatEngine::Active', 'ChatEngine::ChatTTL', 'ChatEngine::DefaultChatChannel', 'ChatEngine::Actve'), anyValue),
    fc.dictionary(fc.constantFrom('removedChannels', 'maxInvalidatePercent', 'strict', 'max'), anyValue),
  ),
);

describe('the schema validator compiled at build time', () => {
  it('is the compiled form of the schema file as it is now', () => {
    const check = spawnSync(process.execPath, ['scripts/compile-schema.js', '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('reports exactly what ajv compiling the schema at run time reports', () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(file, anyValue), (value) => {
        const ok = validate(value);
        expect(ok).toBe(runtime(value));
        expect(validate.errors ?? null).toStrictEqual(runtime.errors ?? null);
        if (!ok) invalid++;
      }),
      { numRuns: 2000 },
    );
    expect(invalid).toBeGreaterThan(1000);
  });
});
