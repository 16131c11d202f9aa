import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../shared/context/errors';
import { decodeFailureVerdict } from '../../shared/pipeline/decodeFailure';
import { decideSettlement } from '../../shared/pipeline/settlement';

describe('decodeFailureVerdict (I5)', () => {
  it('makes a decoder bug (INTERNAL_ERROR) poison, so the message is parked with its body', () => {
    // Prepare
    const bug = new DecodeError('INTERNAL_ERROR', 'Decoder failure on this json body: x is undefined', { cause: new TypeError('x is undefined') });

    // Act
    const verdict = decodeFailureVerdict(bug);

    // Assess
    expect(verdict).toMatchObject({ result: 'poison', reason: 'INTERNAL_ERROR' });
    expect(decideSettlement(verdict.result, 'park')).toEqual({ outcome: 'parked', settlement: 'complete' });
  });

  it('treats any other exception from a decoder the same way, never as transient', () => {
    // Act
    const verdict = decodeFailureVerdict(new TypeError('Cannot read properties of undefined'));

    // Assess
    expect(verdict).toMatchObject({ result: 'poison', reason: 'INTERNAL_ERROR', message: expect.stringContaining('TypeError') });
  });
});
