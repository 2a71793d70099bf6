/** Job ids are UUIDs of version 4 or 5 with the RFC 4122 variant (docs/storage.md). */
import { isJobId, newJobId } from '../../src/platform/ids';

describe('isJobId', () => {
  it.each([
    ['v4', '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e'],
    ['v4, variant 9', '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d'],
    ['v4, variant a', '123e4567-e89b-42d3-a456-426614174000'],
    ['v4, variant b', '123e4567-e89b-42d3-b456-426614174000'],
    ['v5', '886313e1-3b8a-5372-9b90-0c9aee199e5d'],
    ['upper-case v4 (legacy ids are kept as written)', '6F1C2D3E-4B5A-4C6D-8E7F-901A2B3C4D5E'],
  ])('accepts %s', (_what, id) => {
    expect(isJobId(id)).toBe(true);
  });

  it.each([
    ['v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['v3', '5df41881-3aed-3515-88a7-2f4a814cf09e'],
    ['v6', '1ec9414c-232a-6b00-b3c8-9f6bdeced846'],
    ['v7', '017f22e2-79b0-7cc3-98c4-dc0c0c07398f'],
    ['nil', '00000000-0000-0000-0000-000000000000'],
    ['variant c (Microsoft)', '6f1c2d3e-4b5a-4c6d-ce7f-901a2b3c4d5e'],
    ['variant 7 (NCS)', '6f1c2d3e-4b5a-4c6d-7e7f-901a2b3c4d5e'],
    ['one hex digit short', '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5'],
    ['one hex digit long', '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e0'],
    ['no hyphens', '6f1c2d3e4b5a4c6d8e7f901a2b3c4d5e'],
    ['braces', '{6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e}'],
    ['non-hex digit', '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5g'],
    ['surrounding whitespace', ' 6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e'],
    ['trailing newline', '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e\n'],
    ['a key, not an id', 'JOB#6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e'],
    ['empty', ''],
  ])('rejects %s', (_what, id) => {
    expect(isJobId(id)).toBe(false);
  });
});

describe('newJobId', () => {
  it('returns lower-case, distinct UUID v4s that isJobId accepts', () => {
    const ids = Array.from({ length: 200 }, () => newJobId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(isJobId(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });
});
