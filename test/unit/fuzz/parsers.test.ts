// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose interpolation syntax under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComposeError, extractServices, interpolate } from '../../../src/compose/index.js';
import {
  formatReference,
  InvalidReferenceError,
  parseReference,
} from '../../../src/registry/index.js';

// Only the documented error classes may escape: anything else (TypeError, RangeError, a hang)
// would take down a whole run instead of failing one service.
const runs = { numRuns: 2_000 };

const referenceChars = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:/@._-+[]% \n',
);

describe('reference parser under fuzzing', () => {
  it('either parses or throws InvalidReferenceError, for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: referenceChars })), (input) => {
        try {
          parseReference(input);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidReferenceError);
        }
      }),
      runs,
    );
  });

  it('formats what it parsed into something that parses to the same reference', () => {
    const segment = fc.stringMatching(/^[a-z0-9]+([._-][a-z0-9]+)*$/, { maxLength: 20 });
    const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
    const host = fc.constantFrom('', 'localhost:5000/', 'reg.example.com/', '[::1]:5000/');
    fc.assert(
      fc.property(host, fc.array(segment, { minLength: 1, maxLength: 3 }), tag, (h, p, t) => {
        // Dotted first segments may name an impossible host (`a_a.a/x`): refused, not parsed.
        let ref: ReturnType<typeof parseReference>;
        try {
          ref = parseReference(`${h}${p.join('/')}:${t}`);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidReferenceError);
          return;
        }

        expect(parseReference(formatReference(ref))).toEqual(ref);
      }),
      runs,
    );
  });
});

describe('compose image extraction under fuzzing', () => {
  it('either lists services or throws a ComposeError, for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          extractServices(text, {});
        } catch (error) {
          expect(error).toBeInstanceOf(ComposeError);
        }
      }),
      runs,
    );
  });

  it('either lists services or throws a ComposeError, for compose-shaped YAML', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('${X}', '${X:?required}', '${X:-d}', '$$', '$', '${', '*a', '&a x', '<<: *a'),
    );
    const service = fc.dictionary(
      fc.constantFrom('image', 'build', 'pull_policy', 'platform', 'profiles', 'x'),
      fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.constant(null)),
    );
    const file = fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(service, scalar));
    fc.assert(
      fc.property(
        file,
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string()),
        (services, vars) => {
          const yaml = JSON.stringify({ services });
          try {
            const result = extractServices(yaml, vars);
            expect(Array.isArray(result.services)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(ComposeError);
          }
        },
      ),
      runs,
    );
  });

  it('interpolation of arbitrary text never throws anything but a ComposeError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          interpolate(text, { X: 'x' });
        } catch (error) {
          expect(error).toBeInstanceOf(ComposeError);
        }
      }),
      runs,
    );
  });
});
