import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { CHANNEL_DEFAULTS, CHANNEL_KEYS, RECONCILE_DEFAULTS, RECONCILE_KEYS, TOP_LEVEL_KEYS } from '../../src/config/raw-config.js';
import { MAX_NAME_LENGTH } from '../../src/config/rules.js';
import { REMOVED_CHANNEL_POLICIES, VALIDITIES } from '../../src/model/validity.js';
import { SETTING_CATALOG, type SettingType } from '../../src/settings/catalog.js';

type SchemaNode = { [key: string]: unknown };

/** Every subschema with the path to it: the root, properties, items, $defs. */
function subschemas(node: SchemaNode, path = '#'): Array<[string, SchemaNode]> {
  const found: Array<[string, SchemaNode]> = [[path, node]];
  for (const [name, child] of Object.entries((node.properties as Record<string, SchemaNode> | undefined) ?? {})) found.push(...subschemas(child, `${path}/properties/${name}`));
  for (const [name, child] of Object.entries((node.$defs as Record<string, SchemaNode> | undefined) ?? {})) found.push(...subschemas(child, `${path}/$defs/${name}`));
  if (node.items && typeof node.items === 'object') found.push(...subschemas(node.items as SchemaNode, `${path}/items`));
  return found;
}

const root = schema as unknown as SchemaNode;
const props = (node: unknown): SchemaNode => (node as { properties: SchemaNode }).properties;
const settings = props(root).settings as SchemaNode;
const channel = (props(root).channels as { items: SchemaNode }).items;
const reconcile = props(root).reconcile as SchemaNode;

describe('the JSON Schema file', () => {
  it('is draft 2020-12 with a stable $id', () => {
    expect(root.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(root.$id).toBe('https://otrs-chat-config.dev/schema/otrs-chat-config.schema.json');
  });

  it('compiles in Ajv strict mode', () => {
    const ajv = new Ajv2020({ strict: true, strictTypes: true, strictTuples: true, strictRequired: true, allErrors: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('describes every property and object, for editor hover text', () => {
    const all = subschemas(root);
    expect(all.length).toBeGreaterThan(20);
    for (const [path, node] of all) {
      expect(typeof node.description === 'string' && node.description.trim().length > 0, `${path} has no description`).toBe(true);
    }
  });

  it('forbids additional properties on every object', () => {
    const objects = subschemas(root).filter(([, node]) => node.type === 'object' || node.properties !== undefined);
    expect(objects.map(([path]) => path)).toEqual(['#', '#/properties/settings', '#/properties/channels/items', '#/properties/reconcile']);
    for (const [path, node] of objects) expect(node.additionalProperties, path).toBe(false);
  });

  it('has one setting per catalog entry, with its type and description', () => {
    expect(Object.keys(props(settings))).toEqual(SETTING_CATALOG.map((s) => s.name));
    const expected: Record<SettingType, SchemaNode> = {
      boolean: { type: 'boolean' },
      group: { type: 'string', minLength: 1, maxLength: 200 },
      'group-or-empty': { type: 'string', maxLength: 200 },
      text: { type: 'string', maxLength: 200 },
      'non-negative-integer': { type: 'integer', minimum: 0, maximum: 2147483647 },
    };
    for (const setting of SETTING_CATALOG) {
      const minLength = setting.name === 'ChatEngine::DefaultChatChannel' ? { minLength: 1 } : {};
      expect(props(settings)[setting.name], setting.name).toEqual({ description: setting.description, ...expected[setting.type], ...minLength });
    }
  });

  it('has exactly the keys of the raw TypeScript types, both ways', () => {
    expect(new Set(Object.keys(props(root)))).toEqual(new Set(TOP_LEVEL_KEYS));
    expect(new Set(Object.keys(props(channel)))).toEqual(new Set(CHANNEL_KEYS));
    expect(new Set(Object.keys(props(reconcile)))).toEqual(new Set(RECONCILE_KEYS));
    expect(root.required).toEqual(['version']);
    expect(channel.required).toEqual(['name', 'group']);
  });

  it('states the same defaults and choices as the code', () => {
    const c = props(channel) as Record<string, SchemaNode>;
    const r = props(reconcile) as Record<string, SchemaNode>;
    expect(c.availableToCustomerUsers?.default).toBe(CHANNEL_DEFAULTS.availableToCustomerUsers);
    expect(c.availableToPublicUsers?.default).toBe(CHANNEL_DEFAULTS.availableToPublicUsers);
    expect(c.valid?.default).toBe(CHANNEL_DEFAULTS.valid);
    expect(c.valid?.enum).toEqual([...VALIDITIES]);
    expect(c.comment?.maxLength).toBe(250);
    expect(c.group?.maxLength).toBe(MAX_NAME_LENGTH);
    expect(c.previousNames?.uniqueItems).toBe(true);
    expect(r.removedChannels?.default).toBe(RECONCILE_DEFAULTS.removedChannels);
    expect(r.removedChannels?.enum).toEqual([...REMOVED_CHANNEL_POLICIES]);
    expect(r.maxInvalidatePercent).toMatchObject({ type: 'number', minimum: 0, maximum: 100, default: RECONCILE_DEFAULTS.maxInvalidatePercent });
  });
});
