import { GraphQLError } from 'graphql';
import { checkStepRange, clampRange, inStepRange } from '../../src/modules/metrics/step-range';

/** The error a bad range throws: its code and the argument it names. */
function refusal(bounds: { fromStep?: number | null; toStep?: number | null }): unknown {
  try {
    checkStepRange(bounds);
  } catch (error) {
    return error instanceof GraphQLError ? { code: error.extensions.code, argument: error.extensions.argument } : error;
  }
  return null;
}

describe('checkStepRange', () => {
  it('is null without bounds, and open at a missing end', () => {
    expect(checkStepRange(undefined)).toBeNull();
    expect(checkStepRange({ fromStep: null, toStep: undefined })).toBeNull();
    expect(checkStepRange({ fromStep: 40_000, toStep: 41_000 })).toEqual({ from: 40_000, to: 41_000 });
    expect(checkStepRange({ fromStep: 7 })).toEqual({ from: 7, to: Number.MAX_SAFE_INTEGER });
    expect(checkStepRange({ toStep: 7 })).toEqual({ from: 0, to: 7 });
    expect(checkStepRange({ fromStep: 0, toStep: 0 })).toEqual({ from: 0, to: 0 });
  });

  it.each([
    [{ fromStep: -1 }, 'fromStep'],
    [{ toStep: -1 }, 'toStep'],
    [{ fromStep: 5, toStep: 4 }, 'fromStep'],
  ])('refuses %j naming %s', (bounds, argument) => {
    expect(refusal(bounds)).toEqual({ code: 'BAD_USER_INPUT', argument });
  });
});

describe('inStepRange and clampRange', () => {
  it('bounds are inclusive; a point without a step is in no range', () => {
    const range = { from: 10, to: 20 };
    expect([9, 10, 20, 21, null].map((step) => inStepRange(step, range))).toEqual([false, true, true, false, false]);
  });

  it("narrows a range to a series' stored steps, null when they do not meet", () => {
    expect(clampRange({ from: 0, to: 1100 }, 1000, 30_990)).toEqual({ from: 1000, to: 1100 });
    expect(clampRange({ from: 5, to: Number.MAX_SAFE_INTEGER }, 0, 99)).toEqual({ from: 5, to: 99 });
    expect(clampRange({ from: 0, to: 999 }, 1000, 2000)).toBeNull();
    expect(clampRange({ from: 2001, to: 3000 }, 1000, 2000)).toBeNull();
  });
});
