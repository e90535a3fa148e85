import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_JSON_SCHEMA_PATH, scenarioJsonSchema, scenarioJsonSchemaText } from '../../src/scenario/json-schema.js';

type JsonObject = Record<string, unknown>;

/** Every `properties` entry in the schema, as [dotted path, property schema]. */
function allProperties(schema: JsonObject, prefix = ''): Array<[string, JsonObject]> {
  const found: Array<[string, JsonObject]> = [];
  for (const [key, value] of Object.entries((schema['properties'] ?? {}) as Record<string, JsonObject>)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    found.push([name, value]);
    found.push(...allProperties(value, name));
    for (const option of (value['anyOf'] ?? []) as JsonObject[]) found.push(...allProperties(option, name));
  }
  return found;
}

describe('scenarioJsonSchema', () => {
  it('matches the committed docs/scenario.schema.json (regenerate: node dist/scenario/write-json-schema.js)', () => {
    expect(readFileSync(SCENARIO_JSON_SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('describes the input side: durations are patterned strings, sizes strings or integers', () => {
    const props = Object.fromEntries(allProperties(scenarioJsonSchema()));
    expect(props['duration']).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(props['disconnect.after']).toMatchObject({ type: 'string', default: '50ms' });
    expect(props['traffic.size']).toMatchObject({ default: '64B', anyOf: [{ type: 'integer' }, { type: 'string' }] });
    expect(props['client.count']).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000, default: 1 });
  });

  it('is strict and gives every key a description', () => {
    const schema = scenarioJsonSchema();
    expect(schema['additionalProperties']).toBe(false);
    expect(schema['anyOf']).toEqual([{ required: ['duration'] }, { required: ['cycles'] }]);
    const properties = allProperties(schema);
    expect(properties.length).toBeGreaterThan(25);
    const undescribed = properties.filter(([, p]) => typeof p['description'] !== 'string').map(([name]) => name);
    expect(undescribed).toEqual([]);
  });
});
